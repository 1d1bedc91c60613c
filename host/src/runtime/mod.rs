//! Running the embedded policy component: load (from the compiled cache), link a deny-all WASI and the
//! package-index import, instantiate, and call the engine's exports under a deadline and a memory cap.
//!
//! Owns the store's state and every guest call. Decides nothing: answers come from the guest.

pub mod cache;
pub mod config;
mod preinit;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context as _;
use wasmtime::component::{Component, Linker, ResourceAny, ResourceTable};
use wasmtime::{Engine, ResourceLimiter, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::package_index::PackageIndexClient;

wasmtime::component::bindgen!({
    world: "policy-component",
    path: "../wit",
});

use self::agent_policies::engine::package_index::{self as wit_index, LookupResult, PackageInfo};
pub use self::agent_policies::engine::types::{Action, CommandVerdict, EngineError, FlagUpdate, Verdict};
pub use exports::agent_policies::engine::engine::{EngineConfig, HookResponse};

/// The component built from `guest/` by `build.rs`.
pub const GUEST_WASM: &[u8] = include_bytes!(env!("AGENT_POLICIES_GUEST_PATH"));
/// xxh3 of [`GUEST_WASM`], computed at build time: the compiled-cache key.
pub const GUEST_HASH: &str = env!("AGENT_POLICIES_GUEST_HASH");
/// The WIT package the component implements.
pub const WIT_PACKAGE: &str = "agent-policies:engine@0.1.0";

/// The `insecure-seed` the snapshotted instance sees (any constant does).
const SNAPSHOT_SEED: u128 = 0x6167_656e_742d_706f_6c69_6369_6573_0001;
/// Deadline for building the engine (compiling every Rego module), in epoch ticks.
const CREATE_DEADLINE_TICKS: u64 = 500;
/// Deadline for running every Rego test, an offline operation, in epoch ticks.
const TESTS_DEADLINE_TICKS: u64 = 6_000;

/// Everything needed to build engines: the compiled component, the linker, and the policy configuration.
pub struct Runtime {
    engine: Engine,
    pre: PolicyComponentPre<HostState>,
    config: EngineConfig,
    index: Arc<PackageIndexClient>,
    origin: cache::Origin,
    ticker_stop: Arc<AtomicBool>,
}

/// How to build a [`Runtime`].
#[derive(Debug, Clone, Default)]
pub struct RuntimeOptions {
    /// Bundles enforced on every request besides `universal`.
    pub bundles: Vec<String>,
    /// User Rego modules as (file name, source).
    pub modules: Vec<(String, String)>,
    /// Engine settings as JSON (see the guest's `Settings`).
    pub settings_json: String,
    /// Where the compiled component is cached; none disables the cache.
    pub cache_dir: Option<PathBuf>,
}

impl Runtime {
    pub fn new(options: RuntimeOptions, index: Arc<PackageIndexClient>) -> anyhow::Result<Runtime> {
        let started = std::time::Instant::now();
        let engine = config::engine()?;
        let cache_file = options.cache_dir.as_deref().map(|dir| cache::cache_file(dir, &engine, GUEST_HASH));
        let linker = component_linker(&engine)?;
        let (component, origin) = cache::load_or_compile(&engine, cache_file.as_deref(), || {
            let state = HostState::for_snapshot(Arc::clone(&index));
            let snapshot = config::snapshot_engine()
                .and_then(|engine| Ok((component_linker(&engine)?, engine)))
                .and_then(|(linker, engine)| Ok(preinit::snapshot(&engine, &linker, GUEST_WASM, state)?));
            let wasm = snapshot.unwrap_or_else(|e| {
                tracing::warn!("cannot pre-initialise the policy component ({e:#}); each engine compiles its policies");
                GUEST_WASM.to_vec()
            });
            Ok(Component::new(&engine, &wasm)?)
        })
        .context("cannot compile the policy component")?;
        let pre = PolicyComponentPre::new(linker.instantiate_pre(&component)?)?;
        tracing::debug!(?origin, elapsed = ?started.elapsed(), "component loaded and linked");
        let ticker_stop = Arc::new(AtomicBool::new(false));
        spawn_epoch_ticker(engine.clone(), Arc::clone(&ticker_stop));
        let config =
            EngineConfig { bundles: options.bundles, modules: options.modules, settings_json: options.settings_json };
        Ok(Runtime { engine, pre, config, index, origin, ticker_stop })
    }

    /// Whether the compiled component came from the cache.
    pub fn origin(&self) -> cache::Origin {
        self.origin
    }

    /// A fresh instance holding a constructed policy engine.
    pub fn instantiate(&self) -> Result<PolicyInstance, InstanceError> {
        let started = std::time::Instant::now();
        let state = HostState::new(Arc::clone(&self.index));
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.memory);
        store.set_epoch_deadline(CREATE_DEADLINE_TICKS);
        // The deadline bounds the guest's own work: time the host spends answering a package lookup is given back.
        store.epoch_deadline_callback(|mut context| {
            let owed = std::mem::take(&mut context.data_mut().host_ticks);
            if owed > 0 { Ok(wasmtime::UpdateDeadline::Continue(owed)) } else { Err(wasmtime::Trap::Interrupt.into()) }
        });
        let bindings = self.pre.instantiate(&mut store).map_err(InstanceError::Trap)?;
        let created = bindings
            .agent_policies_engine_engine()
            .policy_engine()
            .call_create(&mut store, &self.config)
            .map_err(InstanceError::Trap)?;
        let resource = created.map_err(InstanceError::Engine)?;
        tracing::debug!(elapsed = ?started.elapsed(), "instance created with its policy engine");
        Ok(PolicyInstance { store, bindings, resource, calls: 0 })
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        self.ticker_stop.store(true, Ordering::Relaxed);
    }
}

/// The component's imports: a deny-all WASI and the package index.
fn component_linker(engine: &Engine) -> anyhow::Result<Linker<HostState>> {
    let mut linker = Linker::<HostState>::new(engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    wit_index::add_to_linker::<HostState, wasmtime::component::HasSelf<HostState>>(&mut linker, |s| s)?;
    Ok(linker)
}

/// Advances the engine's epoch every [`config::EPOCH_TICK`] until `stop` is set.
fn spawn_epoch_ticker(engine: Engine, stop: Arc<AtomicBool>) {
    std::thread::Builder::new()
        .name("epoch-ticker".to_string())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(config::EPOCH_TICK);
                engine.increment_epoch();
            }
        })
        .map(drop)
        .unwrap_or_else(|e| tracing::error!("cannot start the epoch ticker, guest deadlines are off: {e}"));
}

/// Why an instance could not answer.
#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    /// The guest trapped (deadline, memory cap, a bug); the instance must be discarded. Displays as one line a user
    /// can read; the wasm backtrace stays in `Debug`.
    #[error("{}", trap_text(.0))]
    Trap(wasmtime::Error),
    /// The guest refused the request or the configuration.
    #[error("{}", engine_error_text(.0))]
    Engine(EngineError),
}

impl InstanceError {
    /// A trapped instance is unusable; an engine error leaves it intact.
    pub fn is_trap(&self) -> bool {
        matches!(self, InstanceError::Trap(_))
    }
}

/// What stopped the guest, without the wasm backtrace.
fn trap_text(trap: &wasmtime::Error) -> String {
    match trap.downcast_ref::<wasmtime::Trap>() {
        Some(wasmtime::Trap::Interrupt) => "the policy engine did not finish within its time limit".to_string(),
        // A guest aborts (an `unreachable` in wasm) on a panic or when an allocation fails at its memory cap.
        Some(wasmtime::Trap::UnreachableCodeReached) => {
            "the policy engine aborted on an internal failure or on reaching its memory limit".to_string()
        }
        Some(wasmtime::Trap::StackOverflow) => "the policy engine ran out of stack".to_string(),
        Some(_) => "the policy engine stopped on an internal fault".to_string(),
        None => format!("the policy engine stopped: {}", trap.root_cause()),
    }
}

pub fn engine_error_text(error: &EngineError) -> String {
    match error {
        EngineError::InvalidPolicy(text) => text.clone(),
        EngineError::InvalidRequest(text) => format!("invalid request: {text}"),
        EngineError::Internal(text) => format!("internal error: {text}"),
    }
}

/// One instance of the component with its constructed engine. Not thread-safe: one call at a time.
pub struct PolicyInstance {
    store: Store<HostState>,
    bindings: PolicyComponent,
    resource: ResourceAny,
    calls: u64,
}

/// Calls one export of the engine under the deadline for a request made of `$texts`.
macro_rules! guest_call {
    ($self:ident, $texts:expr, $method:ident $(, $arg:expr)*) => {{
        $self.calls += 1;
        $self.store.data_mut().host_ticks = 0;
        $self.store.set_epoch_deadline(config::deadline_ticks(&$texts));
        let engine = $self.bindings.agent_policies_engine_engine().policy_engine();
        engine.$method(&mut $self.store, $self.resource $(, $arg)*).map_err(InstanceError::Trap)
    }};
}

impl PolicyInstance {
    /// Calls made on this instance so far.
    pub fn calls(&self) -> u64 {
        self.calls
    }

    /// Linear memory the instance holds, in bytes.
    pub fn memory_bytes(&self) -> usize {
        self.store.data().memory.current
    }

    pub fn bundles(&mut self) -> Result<Vec<String>, InstanceError> {
        guest_call!(self, [], call_bundles)
    }

    pub fn parse(&mut self, command: &str) -> Result<String, InstanceError> {
        guest_call!(self, [command], call_parse, command)?.map_err(InstanceError::Engine)
    }

    pub fn evaluate(&mut self, request_json: &str, flags_json: &str) -> Result<Verdict, InstanceError> {
        guest_call!(self, [request_json, flags_json], call_evaluate, request_json, flags_json)?
            .map_err(InstanceError::Engine)
    }

    pub fn hook_session(&mut self, client: &str, body: &str) -> Result<Option<String>, InstanceError> {
        guest_call!(self, [body], call_hook_session, client, body)
    }

    pub fn handle_hook(
        &mut self,
        client: &str,
        event: &str,
        body: &str,
        query_bundles: &[String],
        flags_json: &str,
    ) -> Result<HookResponse, InstanceError> {
        guest_call!(self, [body, flags_json], call_handle_hook, client, event, body, query_bundles, flags_json)?
            .map_err(InstanceError::Engine)
    }

    pub fn run_tests(&mut self) -> Result<String, InstanceError> {
        // Tests compile every module again and run hundreds of rules.
        self.store.set_epoch_deadline(TESTS_DEADLINE_TICKS);
        let engine = self.bindings.agent_policies_engine_engine().policy_engine();
        engine
            .call_run_tests(&mut self.store, self.resource)
            .map_err(InstanceError::Trap)?
            .map_err(InstanceError::Engine)
    }
}

/// The state of one store: a deny-all WASI context, the memory limiter and the package index.
pub struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    memory: MemoryCap,
    /// Epoch ticks spent in host imports during the current call, owed back to the deadline.
    host_ticks: u64,
    index: Arc<PackageIndexClient>,
}

impl HostState {
    fn new(index: Arc<PackageIndexClient>) -> HostState {
        // No preopened directories, no environment, no arguments, no network, no stdio, and clocks frozen at the
        // epoch: the guest reaches nothing but its own memory and the explicit package-index import, and its
        // answers cannot depend on when it runs.
        let wasi = WasiCtx::builder().wall_clock(FrozenClock).monotonic_clock(FrozenClock).build();
        HostState::with_wasi(wasi, index)
    }

    /// The state of the instance that is snapshotted: its hash seeds become those of every instance made from the
    /// snapshot, so they are fixed, and the same binary always writes the same snapshot.
    fn for_snapshot(index: Arc<PackageIndexClient>) -> HostState {
        let wasi = WasiCtx::builder()
            .wall_clock(FrozenClock)
            .monotonic_clock(FrozenClock)
            .insecure_random_seed(SNAPSHOT_SEED)
            .build();
        HostState::with_wasi(wasi, index)
    }

    fn with_wasi(wasi: WasiCtx, index: Arc<PackageIndexClient>) -> HostState {
        let memory = MemoryCap { max: config::MEMORY_LIMIT_BYTES, current: 0 };
        HostState { wasi, table: ResourceTable::new(), memory, host_ticks: 0, index }
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl wit_index::Host for HostState {
    fn lookup(&mut self, ecosystem: String, name: String) -> LookupResult {
        use crate::package_index::Lookup;
        let started = std::time::Instant::now();
        let answer = self.index.lookup(&ecosystem, &name);
        let tick = config::EPOCH_TICK.as_nanos().max(1);
        self.host_ticks += u64::try_from(started.elapsed().as_nanos() / tick + 1).unwrap_or(u64::MAX);
        match answer {
            Lookup::Found { name, first_release, age_days } => {
                LookupResult::Found(PackageInfo { name, first_release, age_days })
            }
            Lookup::NotFound => LookupResult::NotFound,
            Lookup::Unavailable { error } => LookupResult::Unavailable(error),
        }
    }
}

/// The only time the guest may see: none. Package ages come computed from the host's package index.
struct FrozenClock;

impl wasmtime_wasi::HostWallClock for FrozenClock {
    fn resolution(&self) -> std::time::Duration {
        std::time::Duration::from_secs(1)
    }

    fn now(&self) -> std::time::Duration {
        std::time::Duration::ZERO
    }
}

impl wasmtime_wasi::HostMonotonicClock for FrozenClock {
    fn resolution(&self) -> u64 {
        1_000_000_000
    }

    fn now(&self) -> u64 {
        0
    }
}

/// Caps an instance's linear memory and remembers its size, so pools can recycle instances that grew.
struct MemoryCap {
    max: usize,
    current: usize,
}

impl ResourceLimiter for MemoryCap {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.max {
            return Ok(false);
        }
        self.current = desired;
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(desired <= 1 << 20)
    }
}

/// The lowercase name of an action, for exit codes, output and logs.
pub fn action_name(action: Action) -> &'static str {
    match action {
        Action::Allow => "allow",
        Action::Ask => "ask",
        Action::Deny => "deny",
    }
}
