//! Pre-initialisation: a snapshot of the component taken right after it compiled the built-in policies.
//!
//! Compiling every Rego module is most of what creating an engine costs (tens of milliseconds in wasm), and it is
//! the same work for every instance. The guest exports `wizer-initialize`, which compiles the built-in policies and
//! keeps them; this module runs it once in an instrumented instance and writes the instance's memory and globals
//! back into the component as its initial state. Every instance of the snapshot then starts with the policies
//! compiled, and its first `create` only takes them. Done when the compiled-code cache is (re)built, so a warm start
//! pays nothing for it.
//!
//! Decides nothing, and must not hand the guest anything the snapshot would freeze: the initialising instance gets
//! the same deny-all WASI as every other, and the guest asks nothing of it while compiling.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use wasmtime::component::{Component, Instance, Lift, Linker, WasmList};
use wasmtime::error::Context as _;
use wasmtime::{Engine, Result, Store, format_err};
use wasmtime_wizer::{ComponentInstanceState, Wizer};

use super::HostState;

/// The guest's export that prepares what the snapshot keeps.
const INIT_EXPORT: &str = "wizer-initialize";

/// Deadline for the initialisation call, in epoch ticks (the ticker may not run yet; this bounds it when it does).
const INIT_DEADLINE_TICKS: u64 = 2_000;

/// Returns `wasm` with the built-in policies compiled into its initial memory: a component of the same interface.
pub fn snapshot(engine: &Engine, linker: &Linker<HostState>, wasm: &[u8], state: HostState) -> Result<Vec<u8>> {
    let mut wizer = Wizer::new();
    // Removing the export leaves the component's own alias of it dangling (the rewrite edits only the core
    // module), so the export stays; calling it again would only compile the policies again.
    wizer.init_func(INIT_EXPORT).keep_init_func(true);
    let (context, instrumented) = wizer.instrument_component(wasm).context("cannot instrument the component")?;
    let component = Component::new(engine, &instrumented).context("cannot compile the instrumented component")?;
    let mut store = Store::new(engine, state);
    store.limiter(|state| &mut state.memory);
    store.set_epoch_deadline(INIT_DEADLINE_TICKS);
    let instance = linker.instantiate(&mut store, &component).context("cannot instantiate the component")?;
    let init = instance
        .get_typed_func::<(), ()>(&mut store, INIT_EXPORT)
        .with_context(|| format!("the component has no `{INIT_EXPORT}` export"))?;
    init.call(&mut store, ()).context("the component trapped while compiling its policies")?;
    let mut reader = InstanceReader { store, instance, error: None };
    let snapshot = complete(wizer.snapshot_component(&context, &mut reader))?;
    if let Some(error) = reader.error {
        return Err(error.context("cannot read the initialised instance"));
    }
    snapshot.context("cannot write the snapshot")
}

/// Polls a future that never waits: every call it makes into the instance is synchronous.
fn complete<F: Future>(future: F) -> Result<F::Output> {
    let mut future = pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => Ok(output),
        Poll::Pending => Err(format_err!("taking the snapshot did not complete synchronously")),
    }
}

/// Lets the snapshot read the initialised instance through the accessors the instrumentation exported. The
/// interface cannot fail, so the first error is kept and reported after the snapshot.
struct InstanceReader {
    store: Store<HostState>,
    instance: Instance,
    error: Option<wasmtime::Error>,
}

impl InstanceReader {
    fn call<R: Lift + Default + Send + Sync + 'static>(&mut self, interface: &str, func: &str) -> R {
        self.try_call(interface, func).unwrap_or_else(|e| {
            self.error.get_or_insert(e);
            R::default()
        })
    }

    fn try_call<R: Lift + Send + Sync + 'static>(&mut self, interface: &str, func: &str) -> Result<R> {
        let missing = || format_err!("the instrumented component lacks `{interface}#{func}`");
        let (_, interface_index) = self.instance.get_export(&mut self.store, None, interface).ok_or_else(missing)?;
        let (_, func_index) =
            self.instance.get_export(&mut self.store, Some(&interface_index), func).ok_or_else(missing)?;
        let typed = self.instance.get_typed_func::<(), (R,)>(&mut self.store, func_index)?;
        Ok(typed.call(&mut self.store, ())?.0)
    }
}

impl ComponentInstanceState for InstanceReader {
    async fn call_func_ret_list_u8(&mut self, interface: &str, func: &str, contents: impl FnOnce(&[u8]) + Send) {
        match self.try_call::<WasmList<u8>>(interface, func) {
            Ok(list) => contents(list.as_le_slice(&self.store)),
            Err(e) => {
                self.error.get_or_insert(e);
                contents(&[]);
            }
        }
    }

    async fn call_func_ret_s32(&mut self, interface: &str, func: &str) -> i32 {
        self.call(interface, func)
    }

    async fn call_func_ret_s64(&mut self, interface: &str, func: &str) -> i64 {
        self.call(interface, func)
    }

    async fn call_func_ret_f32(&mut self, interface: &str, func: &str) -> u32 {
        self.call::<f32>(interface, func).to_bits()
    }

    async fn call_func_ret_f64(&mut self, interface: &str, func: &str) -> u64 {
        self.call::<f64>(interface, func).to_bits()
    }
}
