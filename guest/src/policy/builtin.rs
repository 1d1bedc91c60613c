//! The built-in Rego files, embedded at build time from `policies/` by `build.rs`: compacted, joined and deflated.

include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));

/// Every built-in module as (path under `policies/`, source), or why the embedded blob cannot be read (which only
/// a broken build could cause).
pub fn files() -> Result<Vec<(&'static str, String)>, String> {
    let joined = miniz_oxide::inflate::decompress_to_vec(DEFLATED)
        .map_err(|err| format!("the built-in policies cannot be inflated: {err:?}"))?;
    let joined = String::from_utf8(joined).map_err(|_| "the built-in policies are not UTF-8".to_string())?;
    let mut files = Vec::with_capacity(FILES.len());
    let mut rest = joined.as_str();
    for (path, length) in FILES {
        let (source, after) =
            rest.split_at_checked(*length).ok_or_else(|| format!("the built-in policies end before `{path}`"))?;
        files.push((*path, source.to_string()));
        rest = after;
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_embedded_module_comes_back_whole() {
        let files = super::files().unwrap_or_default();
        assert_eq!(files.len(), super::FILES.len());
        assert!(
            files
                .iter()
                .any(|(path, source)| *path == "universal/universal.rego" && source.contains("package universal"))
        );
    }
}
