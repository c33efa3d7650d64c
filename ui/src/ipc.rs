//! The only place the backend is called: typed wrappers over Tauri's `invoke`.
//!
//! Arguments and replies cross as plain JS objects through serde-wasm-bindgen; a rejected call
//! carries the backend's `{code, message}`, read back into `ApiError`.

use js_sys::Promise;
use meshdesk_protocol::{
    ApiError, CatalogPage, CatalogQuery, LineageGraph, LineageQuery, MeshInfo, ProductDetail, ProductRef,
};
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// Tauri's own IPC entry point; present in every Tauri v2 webview without `withGlobalTauri`.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI_INTERNALS__"], js_name = invoke, catch)]
    fn tauri_invoke(cmd: &str, args: JsValue) -> Result<Promise, JsValue>;
}

pub async fn mesh_info() -> Result<MeshInfo, ApiError> {
    call("mesh_info", &NoArgs {}).await
}

pub async fn search_catalog(query: &CatalogQuery) -> Result<CatalogPage, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        query: &'a CatalogQuery,
    }
    call("search_catalog", &Args { query }).await
}

pub async fn product(product: &ProductRef) -> Result<ProductDetail, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        product: &'a ProductRef,
    }
    call("product", &Args { product }).await
}

pub async fn lineage(query: &LineageQuery) -> Result<LineageGraph, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        query: &'a LineageQuery,
    }
    call("lineage", &Args { query }).await
}

#[derive(Serialize)]
struct NoArgs {}

async fn call<A: Serialize, T: DeserializeOwned>(cmd: &str, args: &A) -> Result<T, ApiError> {
    // json_compatible: maps become plain objects and integers plain numbers, as Tauri expects.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&serializer)
        .map_err(|e| ApiError::internal(format!("could not encode the arguments of {cmd}: {e}")))?;
    let promise = tauri_invoke(cmd, args)
        .map_err(|e| ApiError::internal(format!("the Meshdesk backend is not reachable ({})", describe(&e))))?;
    match JsFuture::from(promise).await {
        Ok(reply) => serde_wasm_bindgen::from_value(reply)
            .map_err(|e| ApiError::internal(format!("unexpected reply to {cmd}: {e}"))),
        Err(rejection) => Err(serde_wasm_bindgen::from_value::<ApiError>(rejection.clone())
            .unwrap_or_else(|_| ApiError::internal(describe(&rejection)))),
    }
}

/// A readable text for any JS value a call can fail with: an Error's message, a string as is,
/// anything else as JSON.
fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    if let Some(text) = value.as_string() {
        return text;
    }
    js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string()).unwrap_or_else(|| format!("{value:?}"))
}
