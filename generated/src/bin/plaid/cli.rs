//! The "try it" command line (cargo feature `cli`): one subcommand per operation, the request
//! built from flags and/or JSON, the response printed as pretty JSON.
//!
//! The generator copies this file unchanged into every crate it writes; the operation table
//! and the typed dispatch live in the generated `main.rs` beside it.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::{Map, Value};

/// A request property settable by a flag.
#[derive(Debug)]
pub struct FieldSpec {
    pub flag: &'static str,
    pub wire: &'static str,
    /// How the flag's text becomes JSON: `text`, `bool`, `integer`, `number`, or `text-list`
    /// (comma-separated).
    pub kind: &'static str,
    pub required: bool,
    pub help: &'static str,
}

/// One operation: its subcommand, its path parameters (positional) and its flags.
#[derive(Debug)]
pub struct OperationSpec {
    pub command: &'static str,
    pub id: &'static str,
    pub about: &'static str,
    pub path_params: &'static [&'static str],
    pub has_body: bool,
    pub fields: &'static [FieldSpec],
}

/// What a call returned: a JSON body, or raw bytes (PDF, ZIP; empty for no body).
pub struct Output {
    pub json: Option<Value>,
    pub bytes: Vec<u8>,
}

/// Why a call failed.
pub enum Failure {
    /// The request was not valid for the operation (exit code 2).
    Usage(String),
    /// The call failed (exit code 1).
    Call(plaid_client::Error),
}

/// The client library, under a fixed name whatever the crate is called.
use super::plaid_client;

/// Runs the command line. `dispatch` calls the typed method for an operation id.
pub async fn run<F, Fut>(operations: &'static [OperationSpec], dispatch: F) -> ExitCode
where
    F: Fn(plaid_client::Client, &'static str, Value, Vec<String>) -> Fut,
    Fut: std::future::Future<Output = Result<Output, Failure>>,
{
    let matches = command(operations).get_matches();
    let Some((name, sub)) = matches.subcommand() else {
        return usage("a subcommand is required (see --help)");
    };
    let Some(op) = operations.iter().find(|o| o.command == name) else {
        return usage(&format!("unknown subcommand `{name}`"));
    };
    let client = match client(sub) {
        Ok(client) => client,
        Err(e) => return usage(&e.to_string()),
    };
    let request = match request(op, sub) {
        Ok(request) => request,
        Err(message) => return usage(&message),
    };
    let path_args: Vec<String> =
        op.path_params.iter().filter_map(|p| sub.get_one::<String>(p).cloned()).collect();
    match dispatch(client, op.id, request, path_args).await {
        Ok(Output { json: Some(value), .. }) => {
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            println!("{text}");
            ExitCode::SUCCESS
        }
        Ok(Output { json: None, bytes }) => {
            let written = std::io::stdout().write_all(&bytes);
            if written.is_err() { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Err(Failure::Usage(message)) => usage(&message),
        Err(Failure::Call(error)) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn command(operations: &'static [OperationSpec]) -> Command {
    let global = |name: &'static str, help: &'static str| Arg::new(name).long(name).global(true).help(help);
    let mut cmd = Command::new("plaid")
        .about("Calls the API from the command line: one subcommand per operation.")
        .subcommand_required(true)
        .arg(global("env", "`sandbox`, `production`, or a URL (default: $PLAID_ENV)"))
        .arg(global("base-url", "send requests to this URL, e.g. a gateway's"))
        .arg(global("client-id", "default: $PLAID_CLIENT_ID"))
        .arg(global("secret", "default: $PLAID_SECRET"));
    for op in operations {
        let mut sub = Command::new(op.command).about(op.about);
        for p in op.path_params {
            sub = sub.arg(Arg::new(*p).required(true).help("path parameter"));
        }
        if op.has_body {
            sub = sub.arg(
                Arg::new("json").long("json").value_name("FILE").help("the request body as JSON, from FILE or `-` for stdin; flags override its fields"),
            );
        }
        for f in op.fields {
            let help = if f.required { format!("(required) {}", f.help) } else { f.help.to_string() };
            sub = sub.arg(Arg::new(f.flag).long(f.flag).help(help).action(ArgAction::Set));
        }
        cmd = cmd.subcommand(sub);
    }
    cmd
}

fn client(matches: &ArgMatches) -> Result<plaid_client::Client, plaid_client::Error> {
    let flag = |name: &str| matches.get_one::<String>(name).cloned();
    let env = flag("base-url").or_else(|| flag("env"));
    let (client_id, secret) = (flag("client-id"), flag("secret"));
    plaid_client::ClientBuilder::from_env_vars(|name| match name {
        "PLAID_ENV" => env.clone().or_else(|| std::env::var(name).ok()),
        "PLAID_CLIENT_ID" => client_id.clone().or_else(|| std::env::var(name).ok()),
        "PLAID_SECRET" => secret.clone().or_else(|| std::env::var(name).ok()),
        _ => std::env::var(name).ok(),
    })?
    .build()
}

fn request(op: &OperationSpec, matches: &ArgMatches) -> Result<Value, String> {
    if !op.has_body {
        return Ok(Value::Null);
    }
    let mut body = match matches.get_one::<String>("json") {
        None => Map::new(),
        Some(source) => {
            let mut text = String::new();
            let read = if source == "-" {
                std::io::stdin().read_to_string(&mut text).map(drop)
            } else {
                std::fs::read_to_string(source).map(|t| text = t)
            };
            read.map_err(|e| format!("cannot read --json {source}: {e}"))?;
            match serde_json::from_str(&text).map_err(|e| format!("--json {source} is not JSON: {e}"))? {
                Value::Object(map) => map,
                _ => return Err(format!("--json {source} must be a JSON object")),
            }
        }
    };
    for f in op.fields {
        let Some(text) = matches.get_one::<String>(f.flag) else { continue };
        let value = match f.kind {
            "bool" => Value::Bool(text.parse().map_err(|_| format!("--{} takes true or false", f.flag))?),
            "integer" => Value::from(text.parse::<i64>().map_err(|_| format!("--{} takes an integer", f.flag))?),
            "number" => Value::from(text.parse::<f64>().map_err(|_| format!("--{} takes a number", f.flag))?),
            "text-list" => Value::Array(text.split(',').map(|s| Value::String(s.trim().to_string())).collect()),
            _ => Value::String(text.clone()),
        };
        body.insert(f.wire.to_string(), value);
    }
    Ok(Value::Object(body))
}
