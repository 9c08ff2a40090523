//! Starts the Prism contract mock server (`@stoplight/prism-cli`) on a free loopback port.
//!
//! Prism is an npm package pinned in `tests/contract/package-lock.json`. When it is not
//! installed yet, it is installed with `npm ci` on first use, so `cargo test` works on a
//! fresh machine that has Node.js; `.ci/run` installs it up front.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running Prism; killed when dropped.
pub struct Prism {
    child: Child,
    pub url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn contract_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("contract")
}

fn prism_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("PRISM_BIN") {
        return PathBuf::from(bin);
    }
    let bin = contract_dir().join("node_modules/.bin/prism");
    if !bin.exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(contract_dir())
            .status()
            .unwrap_or_else(|e| panic!("Prism is not installed and `npm` cannot run ({e}): install Node.js, then `npm ci --prefix tests/contract`"));
        assert!(status.success(), "`npm ci --prefix tests/contract` failed: {status}");
    }
    bin
}

impl Prism {
    /// Serves `spec` and waits until Prism accepts connections (at most 120 s).
    pub fn start(spec: &Path) -> Prism {
        let port =
            TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port");
        let child = Command::new(prism_bin())
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--errors"])
            .arg(spec)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Prism starts");
        let mut prism = Prism { child, url: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return prism;
            }
            if let Ok(Some(status)) = prism.child.try_wait() {
                panic!("Prism exited before listening: {status}");
            }
            assert!(Instant::now() < deadline, "Prism did not listen on port {port} within 120 s");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}
