//! The WIT glue of the `policy-http` world: `wasi:http/incoming-handler` in front of [`crate::http::Server`], and
//! package lookups sent through `wasi:http/outgoing-handler`. Moves bytes only; routing and answers are
//! `http/`'s, decisions the engine's.

use std::cell::RefCell;
use std::sync::Arc;

use crate::http::package_index::{HttpIndex, IndexAnswer, IndexTransport, MAX_ANSWER_BYTES};
use crate::http::{Answer, Body, Config, HttpRequest, MAX_BODY_BYTES, Server};

wit_bindgen::generate!({
    world: "policy-http",
    path: "../wit",
    generate_all,
});

use exports::wasi::http::incoming_handler::Guest;
use wasi::clocks::monotonic_clock;
use wasi::http::outgoing_handler;
use wasi::http::types::{
    ErrorCode, Fields, IncomingBody, IncomingRequest, Method, OutgoingBody, OutgoingRequest, OutgoingResponse,
    RequestOptions, ResponseOutparam, Scheme,
};
use wasi::io::streams::{InputStream, StreamError};

/// How long one package-index lookup may take, as `agent-policies serve` waits by default.
const LOOKUP_TIMEOUT_NS: u64 = 3_000_000_000;
/// The most bytes `blocking-write-and-flush` takes at once.
const WRITE_CHUNK: usize = 4096;

struct Component;

export!(Component);

thread_local! {
    // One engine per instance: runtimes that keep an instance serve many requests with it.
    static SERVER: RefCell<Option<Server>> = const { RefCell::new(None) };
}

impl Guest for Component {
    fn handle(request: IncomingRequest, response_out: ResponseOutparam) {
        let request = HttpRequest {
            method: method_name(&request.method()),
            path_and_query: request.path_with_query().unwrap_or_else(|| "/".to_string()),
            body: read_body(&request),
        };
        let answer = SERVER.with(|slot| {
            let mut slot = slot.borrow_mut();
            let server = slot.get_or_insert_with(new_server);
            server.answer(request)
        });
        respond(response_out, answer);
    }
}

fn new_server() -> Server {
    let config = Config::from_environment(wasi::cli::environment::get_environment());
    let index = HttpIndex::new(config.package_index.as_deref(), OutgoingTransport)
        .telling_how_to_configure("set AGENT_POLICIES_PACKAGE_INDEX to its URL");
    let configured = index.is_configured();
    Server::new(config, Arc::new(index), configured)
}

fn method_name(method: &Method) -> String {
    match method {
        Method::Get => "GET",
        Method::Head => "HEAD",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Delete => "DELETE",
        Method::Connect => "CONNECT",
        Method::Options => "OPTIONS",
        Method::Trace => "TRACE",
        Method::Patch => "PATCH",
        Method::Other(name) => return name.to_ascii_uppercase(),
    }
    .to_string()
}

/// The request body, read up to one byte past the limit.
fn read_body(request: &IncomingRequest) -> Body {
    let Ok(body) = request.consume() else {
        return Body::Unreadable("the body was already taken".to_string());
    };
    let Ok(stream) = body.stream() else {
        return Body::Unreadable("the body has no stream".to_string());
    };
    let read = read_stream(&stream, MAX_BODY_BYTES);
    drop(stream);
    IncomingBody::finish(body);
    match read {
        Ok(Some(bytes)) => Body::Received(bytes),
        Ok(None) => Body::TooLarge,
        Err(e) => Body::Unreadable(e),
    }
}

/// Everything `stream` holds, or none when it holds more than `limit` bytes.
fn read_stream(stream: &InputStream, limit: usize) -> Result<Option<Vec<u8>>, String> {
    let mut bytes = Vec::new();
    loop {
        match stream.blocking_read(64 * 1024) {
            Ok(chunk) => {
                bytes.extend_from_slice(&chunk);
                if bytes.len() > limit {
                    return Ok(None);
                }
            }
            Err(StreamError::Closed) => return Ok(Some(bytes)),
            Err(StreamError::LastOperationFailed(error)) => return Err(error.to_debug_string()),
        }
    }
}

fn respond(response_out: ResponseOutparam, answer: Answer) {
    let headers = Fields::new();
    let _ = headers.append("content-type", b"application/json");
    let response = OutgoingResponse::new(headers);
    let _ = response.set_status_code(answer.status);
    let Ok(body) = response.body() else {
        ResponseOutparam::set(response_out, Err(ErrorCode::InternalError(Some("no response body".to_string()))));
        return;
    };
    ResponseOutparam::set(response_out, Ok(response));
    if let Ok(stream) = body.write() {
        for chunk in answer.body.as_bytes().chunks(WRITE_CHUNK) {
            if stream.blocking_write_and_flush(chunk).is_err() {
                break;
            }
        }
    }
    let _ = OutgoingBody::finish(body, None);
}

/// Package-index requests through the runtime's outgoing HTTP.
struct OutgoingTransport;

impl IndexTransport for OutgoingTransport {
    fn get(&self, url: &str) -> Result<IndexAnswer, String> {
        let (scheme, authority, path) = split_url(url)?;
        let headers = Fields::new();
        let _ = headers.append("accept", b"application/json");
        let _ = headers.append("user-agent", concat!("agent-policies/", env!("CARGO_PKG_VERSION")).as_bytes());
        let request = OutgoingRequest::new(headers);
        let _ = request.set_scheme(Some(&scheme));
        let _ = request.set_authority(Some(authority));
        let _ = request.set_path_with_query(Some(path));
        let body = request.body().map_err(|()| "cannot open the request body".to_string())?;
        OutgoingBody::finish(body, None).map_err(|e| format!("cannot send the request: {e:?}"))?;
        let options = RequestOptions::new();
        // Runtimes that do not support a timeout refuse to set it; the overall wait below still bounds the lookup.
        let _ = options.set_connect_timeout(Some(LOOKUP_TIMEOUT_NS));
        let _ = options.set_first_byte_timeout(Some(LOOKUP_TIMEOUT_NS));
        let future = outgoing_handler::handle(request, Some(options)).map_err(|e| describe(&e))?;
        let ready = future.subscribe();
        let deadline = monotonic_clock::subscribe_duration(LOOKUP_TIMEOUT_NS);
        wasi::io::poll::poll(&[&ready, &deadline]);
        let Some(outcome) = future.get() else {
            return Err(format!("no answer within {} s", LOOKUP_TIMEOUT_NS / 1_000_000_000));
        };
        let response = outcome.map_err(|()| "the answer was already taken".to_string())?.map_err(|e| describe(&e))?;
        let status = response.status();
        let body = response.consume().map_err(|()| "the answer has no body".to_string())?;
        let stream = body.stream().map_err(|()| "the answer body has no stream".to_string())?;
        let read = read_stream(&stream, MAX_ANSWER_BYTES);
        drop(stream);
        drop(body);
        match read? {
            Some(body) => Ok(IndexAnswer { status, body }),
            None => Err(format!("the answer is larger than {MAX_ANSWER_BYTES} bytes")),
        }
    }
}

/// `http(s)://authority/path` as its parts; the path keeps its leading `/`.
fn split_url(url: &str) -> Result<(Scheme, &str, &str), String> {
    let (scheme, rest) = if let Some(rest) = url.strip_prefix("http://") {
        (Scheme::Http, rest)
    } else if let Some(rest) = url.strip_prefix("https://") {
        (Scheme::Https, rest)
    } else {
        return Err(format!("`{url}` is not an http or https URL"));
    };
    let split = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split);
    if authority.is_empty() {
        return Err(format!("`{url}` names no host"));
    }
    Ok((scheme, authority, if path.is_empty() { "/" } else { path }))
}

fn describe(error: &ErrorCode) -> String {
    match error {
        ErrorCode::DnsError(_) => "the host name does not resolve".to_string(),
        ErrorCode::ConnectionRefused => "the connection was refused".to_string(),
        ErrorCode::ConnectionTimeout | ErrorCode::ConnectionReadTimeout => "the connection timed out".to_string(),
        other => format!("{other:?}"),
    }
}
