//! The WIT glue: exports [`crate::engine::Engine`] as the `policy-engine` resource and answers package lookups
//! through the imported `package-index` interface. Translation only; no decision is made here.
//!
//! Also holds the built-in policies compiled by `wizer-initialize`: a host that snapshots the instance after that
//! call gets instances whose first `create` skips compiling them.

use std::cell::RefCell;
use std::sync::Arc;

use crate::decision;
use crate::engine::{Engine, EngineError as NativeError, Settings};
use crate::package_index::{Lookup, PackageIndex};
use crate::policy::PolicySet;
use crate::request::Request;

wit_bindgen::generate!({
    world: "policy-component-preinit",
    path: "../wit",
});

use agent_policies::engine::package_index as wit_index;
use agent_policies::engine::types::{Action, CommandVerdict, EngineError, FlagUpdate, Verdict};
use exports::agent_policies::engine::engine::{
    EngineConfig, Guest as EngineGuest, GuestPolicyEngine, HookResponse, PolicyEngine,
};

struct Component;

export!(Component);

thread_local! {
    /// The built-in policies compiled ahead of time, taken by the first `create` that loads no extra modules.
    static PREBUILT: RefCell<Option<PolicySet>> = const { RefCell::new(None) };
}

impl Guest for Component {
    fn wizer_initialize() {
        // Nothing to report to: a failure here leaves `PREBUILT` empty and `create` compiles (and reports) instead.
        if let Ok(policies) = PolicySet::new(&[], Arc::new(ImportedIndex)) {
            PREBUILT.with(|prebuilt| *prebuilt.borrow_mut() = Some(policies));
        }
    }
}

impl EngineGuest for Component {
    type PolicyEngine = EngineResource;
}

/// The host's package index, reached through the WIT import.
struct ImportedIndex;

impl PackageIndex for ImportedIndex {
    fn lookup(&self, ecosystem: &str, name: &str) -> Lookup {
        match wit_index::lookup(ecosystem, name) {
            wit_index::LookupResult::Found(info) => {
                Lookup::Found { name: info.name, first_release: info.first_release, age_days: info.age_days }
            }
            wit_index::LookupResult::NotFound => Lookup::NotFound,
            wit_index::LookupResult::Unavailable(error) => Lookup::Unavailable { error },
        }
    }
}

/// One compiled engine. Methods take `&self` in WIT, so the engine sits in a `RefCell` (a component instance is
/// single-threaded).
struct EngineResource {
    engine: RefCell<Engine>,
}

impl GuestPolicyEngine for EngineResource {
    fn create(config: EngineConfig) -> Result<PolicyEngine, EngineError> {
        let settings = Settings::from_json(&config.settings_json).map_err(to_wit_error)?;
        let prebuilt =
            if config.modules.is_empty() { PREBUILT.with(|prebuilt| prebuilt.borrow_mut().take()) } else { None };
        let engine = match prebuilt {
            Some(policies) => Engine::with_policies(policies, &config.bundles, settings),
            None => Engine::new(&config.bundles, &config.modules, settings, Arc::new(ImportedIndex)),
        }
        .map_err(to_wit_error)?;
        Ok(PolicyEngine::new(EngineResource { engine: RefCell::new(engine) }))
    }

    fn bundles(&self) -> Vec<String> {
        self.engine.borrow().bundles()
    }

    fn parse(&self, command: String) -> Result<String, EngineError> {
        Ok(self.engine.borrow().parse(&command).to_string())
    }

    fn evaluate(&self, request_json: String, session_flags_json: String) -> Result<Verdict, EngineError> {
        let request: Request = serde_json::from_str(&request_json)
            .map_err(|e| EngineError::InvalidRequest(format!("the request is not valid: {e}")))?;
        let flags = parse_flags(&session_flags_json)?;
        let verdict = self.engine.borrow_mut().evaluate(&request, &flags);
        Ok(to_wit_verdict(verdict))
    }

    fn hook_session(&self, client: String, body_json: String) -> Option<String> {
        self.engine.borrow().hook_session(&client, &body_json)
    }

    fn handle_hook(
        &self,
        client: String,
        event_name: String,
        body_json: String,
        query_bundles: Vec<String>,
        session_flags_json: String,
    ) -> Result<HookResponse, EngineError> {
        let flags = parse_flags(&session_flags_json)?;
        let response = self.engine.borrow_mut().handle_hook(&client, &event_name, &body_json, &query_bundles, &flags);
        Ok(HookResponse {
            status: response.status,
            body_json: response.body.to_string(),
            flags: response.flags.into_iter().map(to_wit_flag).collect(),
            session_id: response.session_id,
            action: response.action.map(to_wit_action),
            subject: response.subject,
            reasons: response.reasons,
        })
    }

    fn run_tests(&self) -> Result<String, EngineError> {
        let outcomes = self.engine.borrow().run_tests().map_err(to_wit_error)?;
        serde_json::to_string(&outcomes).map_err(|e| EngineError::Internal(e.to_string()))
    }
}

fn parse_flags(text: &str) -> Result<serde_json::Map<String, serde_json::Value>, EngineError> {
    if text.trim().is_empty() {
        return Ok(serde_json::Map::new());
    }
    serde_json::from_str(text)
        .map_err(|e| EngineError::InvalidRequest(format!("session flags must be a JSON object: {e}")))
}

fn to_wit_error(error: NativeError) -> EngineError {
    match error {
        NativeError::Policy(e) => EngineError::InvalidPolicy(e.to_string()),
        NativeError::InvalidRequest(e) => EngineError::InvalidRequest(e),
    }
}

fn to_wit_action(action: decision::Action) -> Action {
    match action {
        decision::Action::Allow => Action::Allow,
        decision::Action::Ask => Action::Ask,
        decision::Action::Deny => Action::Deny,
    }
}

fn to_wit_flag(flag: decision::FlagUpdate) -> FlagUpdate {
    FlagUpdate {
        name: flag.name,
        value_json: flag.value.to_string(),
        expires_after: flag.expires_after,
        expires_unit: flag.expires_unit,
    }
}

fn to_wit_verdict(verdict: decision::Verdict) -> Verdict {
    Verdict {
        action: verdict.action.map(to_wit_action),
        reasons: verdict.reasons,
        guidance: verdict.guidance,
        flags: verdict.flags.into_iter().map(to_wit_flag).collect(),
        commands: verdict
            .commands
            .into_iter()
            .map(|c| CommandVerdict { text: c.text, action: to_wit_action(c.action), reasons: c.reasons })
            .collect(),
        trace_json: verdict.trace.to_string(),
    }
}
