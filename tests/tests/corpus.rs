//! The corpus of bad specs in `tests/corpus/`: each file says, in `# expect:` lines at its top,
//! the diagnostics it must produce (severity, JSON pointer, part of the message), or
//! `# expect: ok`. Adding a case is adding a file.

use plaid_codegen::{Diagnostic, Severity};
use std::path::Path;

struct Expectation {
    severity: Severity,
    pointer: String,
    message: String,
}

fn expectations(text: &str) -> Option<Vec<Expectation>> {
    let mut out = Vec::new();
    for line in text.lines().take_while(|l| l.starts_with("# expect:")) {
        let rest = line.trim_start_matches("# expect:").trim();
        if rest.starts_with("ok") {
            return Some(Vec::new());
        }
        let (severity, rest) = rest.split_once(' ')?;
        let (pointer, message) = rest.split_once(' ')?;
        let severity = match severity {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => return None,
        };
        out.push(Expectation { severity, pointer: pointer.into(), message: message.into() });
    }
    (!out.is_empty()).then_some(out)
}

#[test]
fn every_bad_spec_gets_its_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 20, "the corpus has {} files", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(file).unwrap();
        let Some(expected) = expectations(&text) else {
            problems.push(format!("{name}: no `# expect:` header"));
            continue;
        };
        // JSON has no comments: the header is cut off before parsing.
        let spec: String = text.lines().skip_while(|l| l.starts_with('#')).collect::<Vec<_>>().join("\n");
        let outcome = std::panic::catch_unwind(|| plaid_codegen::generate(&spec, &Default::default()));
        let diagnostics: Vec<Diagnostic> = match outcome {
            Err(_) => {
                problems.push(format!("{name}: the generator panicked"));
                continue;
            }
            Ok(Ok(generated)) => generated.warnings,
            Ok(Err(failure)) => failure.diagnostics,
        };
        let has_error = diagnostics.iter().any(|d| d.severity == Severity::Error);
        let expects_error = expected.iter().any(|e| e.severity == Severity::Error);
        if has_error != expects_error {
            problems.push(format!("{name}: expected error: {expects_error}, got {diagnostics:#?}"));
        }
        for e in &expected {
            let found = diagnostics
                .iter()
                .any(|d| d.severity == e.severity && d.pointer == e.pointer && d.message.contains(&e.message));
            if !found {
                problems.push(format!(
                    "{name}: missing {:?} at {} containing {:?}; got {diagnostics:#?}",
                    e.severity, e.pointer, e.message
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
