//! The HTTP routes: `POST /policy/{client}/{event}`, `GET /health`, `GET /`, and JSON answers for everything else.
//!
//! Owns the HTTP edge: authentication, body limits and timeouts, UTF-8, the session-flag round trip around each
//! guest call, the decision log, and turning engine failures into native non-allow answers. Must not read
//! assistant payloads: the guest parses the body, finds the session and writes the answer.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequest as _, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::fallback::{FailureDecision, failure_answer};
use super::pool::Pool;
use super::{BODY_READ_TIMEOUT, MAX_BODY_BYTES};
use crate::decision_log::{DecisionLog, Entry};
use crate::runtime::{HookResponse, action_name};
use crate::session_flags::MemoryStore;

/// The assistants with a route.
pub const CLIENTS: [&str; 4] = ["claude-code", "cursor", "gemini", "copilot"];

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub pool: Arc<Pool>,
    pub flags: Arc<MemoryStore>,
    /// The bundles the engine knows, for `GET /`.
    pub bundles: Arc<Vec<String>>,
    pub token: Option<Arc<str>>,
    pub decision_log: Option<Arc<DecisionLog>>,
    pub failure_decision: FailureDecision,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/health", get(health))
        .route("/policy/{client}/{event}", post(hook))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), require_token))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({"error": message.into()}))).into_response()
}

async fn health() -> Response {
    axum::Json(json!({"status": "ok"})).into_response()
}

async fn index(State(state): State<AppState>) -> Response {
    let routes: Vec<String> = CLIENTS.iter().map(|client| format!("POST /policy/{client}/{{event}}")).collect();
    axum::Json(json!({
        "name": "agent-policies",
        "version": env!("CARGO_PKG_VERSION"),
        "routes": routes.into_iter().chain(["GET /health".to_string(), "GET /".to_string()]).collect::<Vec<_>>(),
        "clients": CLIENTS,
        "bundles": *state.bundles,
        "query": "?bundle=NAME enables a bundle for one request (repeatable)",
    }))
    .into_response()
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "no such route; `GET /` lists the routes")
}

async fn method_not_allowed() -> Response {
    error(StatusCode::METHOD_NOT_ALLOWED, "this route does not answer that method; `GET /` lists the routes")
}

/// Every route but `/health` needs the bearer token when one is configured (unknown paths too, so they reveal
/// nothing).
async fn require_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path() == "/health" || authorized(&state, request.headers()) {
        return next.run(request).await;
    }
    unauthorized()
}

fn unauthorized() -> Response {
    let mut response = error(StatusCode::UNAUTHORIZED, "missing or wrong `Authorization: Bearer` token");
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

fn authorized(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(token) = &state.token else {
        return true;
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    same_secret(given.trim().as_bytes(), token.as_bytes())
}

/// Compares without stopping at the first difference, so timing does not reveal how much of a guess was right.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    if given.len() != expected.len() {
        return false;
    }
    given.iter().zip(expected).fold(0u8, |difference, (a, b)| difference | (a ^ b)) == 0
}

async fn hook(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    request: Request,
) -> Response {
    let Ok(Path((client, event))) = path else {
        return error(StatusCode::BAD_REQUEST, "the route is `/policy/{client}/{event}`");
    };
    if !CLIENTS.contains(&client.as_str()) {
        return error(
            StatusCode::NOT_FOUND,
            format!("unknown client `{client}`; use claude-code, cursor, gemini or copilot"),
        );
    }
    let query_bundles: Vec<String> = match query {
        Ok(Query(pairs)) => pairs.into_iter().filter(|(key, _)| key == "bundle").map(|(_, value)| value).collect(),
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("the query string is malformed: {}", e.body_text())),
    };
    let body = match tokio::time::timeout(BODY_READ_TIMEOUT, Bytes::from_request(request, &())).await {
        Ok(Ok(body)) => body,
        Ok(Err(rejection)) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the request body is larger than {} bytes", MAX_BODY_BYTES),
            );
        }
        Ok(Err(rejection)) => {
            return error(rejection.status(), format!("cannot read the request body: {}", rejection.body_text()));
        }
        Err(_) => {
            return error(
                StatusCode::REQUEST_TIMEOUT,
                format!("the request body did not arrive within {} s", BODY_READ_TIMEOUT.as_secs()),
            );
        }
    };
    let body = match String::from_utf8(body.to_vec()) {
        Ok(body) => body,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            return error(
                StatusCode::BAD_REQUEST,
                format!("the request body is not UTF-8 (invalid byte at offset {offset})"),
            );
        }
    };
    answer(&state, client, event, body, query_bundles).await
}

/// Runs the hook on a pooled instance with the session's flags, logs it, and turns engine failures into a native
/// non-allow answer.
async fn answer(state: &AppState, client: String, event: String, body: String, query_bundles: Vec<String>) -> Response {
    let started = Instant::now();
    let flags = Arc::clone(&state.flags);
    let (job_client, job_event) = (client.clone(), event.clone());
    let outcome = state
        .pool
        .run(move |instance| {
            let session = instance.hook_session(&job_client, &body)?;
            let visible = session.as_deref().map(|id| flags.begin_request(id)).unwrap_or_default();
            let flags_json = Value::Object(visible).to_string();
            let response = instance.handle_hook(&job_client, &job_event, &body, &query_bundles, &flags_json)?;
            if let Some(id) = &session {
                flags.apply(id, &response.flags);
            }
            Ok((session, response))
        })
        .await;
    let duration_us = started.elapsed().as_micros();
    match outcome {
        Ok((session, response)) => {
            log_decision(state, &client, &event, session.as_deref(), &response, duration_us);
            native(response)
        }
        Err(failure) => {
            let reason = format!("{}; the request could not be evaluated, so it is not allowed", failure.reason());
            tracing::warn!(client, event, "{reason}");
            let decision = state.failure_decision;
            if let Some(log) = &state.decision_log {
                log.record(&Entry {
                    client: &client,
                    event: &event,
                    session: None,
                    subject: None,
                    decision: Some(decision.name()),
                    reasons: std::slice::from_ref(&reason),
                    duration_us,
                });
            }
            axum::Json(failure_answer(&client, &event, decision, &reason)).into_response()
        }
    }
}

fn log_decision(
    state: &AppState,
    client: &str,
    event: &str,
    session: Option<&str>,
    response: &HookResponse,
    duration_us: u128,
) {
    let decision = response.action.map(action_name);
    tracing::debug!(client, event, session, decision, status = response.status, duration_us, "answered");
    if let Some(log) = &state.decision_log {
        log.record(&Entry {
            client,
            event,
            session,
            subject: response.subject.as_deref(),
            decision,
            reasons: &response.reasons,
            duration_us,
        });
    }
}

/// The guest's status and body as the HTTP answer.
fn native(response: HookResponse) -> Response {
    let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut answer = (status, response.body_json).into_response();
    answer.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_equal_only_when_identical() {
        assert!(same_secret(b"s3cret-token", b"s3cret-token"));
        assert!(!same_secret(b"s3cret-tokem", b"s3cret-token"));
        assert!(!same_secret(b"s3cret", b"s3cret-token"));
        assert!(!same_secret(b"", b"s3cret-token"));
    }
}
