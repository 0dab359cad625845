//! Rows for tests of queries: nodes and edges put into an index made by
//! [`IndexDb::empty_for_tests`], with every column the schema asks for.

use super::IndexDb;

/// A node id for tests: `n` in the last digits.
pub(crate) fn id(n: u8) -> String {
    format!("00000000-0000-0000-0000-0000000000{n:02}")
}

/// Private nodes `(n, kind, path)` of crate `id(10)`; see [`put_items`].
pub(crate) fn put_nodes(index: &IndexDb, nodes: &[(u8, &str, String)]) {
    let items: Vec<(u8, &str, &str, &str)> = nodes
        .iter()
        .map(|(n, kind, path)| (*n, *kind, path.as_str(), ""))
        .collect();
    put_items(index, &items);
}

/// Nodes `(n, kind, path, vis)` of crate `id(10)`, each on line `n` of
/// src/lib.rs and named by its path's last segment (in `node_by_name` too).
pub(crate) fn put_items(index: &IndexDb, items: &[(u8, &str, &str, &str)]) {
    let name = |path: &str| path.rsplit("::").next().unwrap_or(path).to_string();
    let rows: Vec<String> = items
        .iter()
        .map(|(n, kind, path, vis)| {
            format!(
                "[to_uuid('{}'), to_uuid('{}'), '{kind}', '{}', '{path}', 'src/lib.rs', {n}, 1, {n}, 9, '{vis}', null, null, [], '', null]",
                id(*n),
                id(10),
                name(path)
            )
        })
        .collect();
    let script = format!(
        "?[id, crate_id, kind, name, path, file, line, col, end_line, end_col, vis, signature, docs, attrs, content_hash, cfg] <- [{}] \
         :put node {{id => crate_id, kind, name, path, file, line, col, end_line, end_col, vis, signature, docs, attrs, content_hash, cfg}}",
        rows.join(",")
    );
    index.run(&script, Default::default(), true).unwrap();
    let names: Vec<String> = items
        .iter()
        .map(|(n, _, path, _)| format!("['{}', to_uuid('{}')]", name(path), id(*n)))
        .collect();
    let script = format!(
        "?[name, id] <- [{}] :put node_by_name {{name, id}}",
        names.join(",")
    );
    index.run(&script, Default::default(), true).unwrap();
}

/// Edges `(src, dst, kind)` (in `edge_by_dst` too); code edges are written
/// on line `src`.
pub(crate) fn put_edges(index: &IndexDb, edges: &[(u8, u8, &str)]) {
    let rows: Vec<String> = edges
        .iter()
        .map(|(src, dst, kind)| {
            let (file, line) = if *kind == "contains" {
                ("null".to_string(), "null".to_string())
            } else {
                ("'src/lib.rs'".to_string(), src.to_string())
            };
            format!(
                "[to_uuid('{}'), to_uuid('{}'), '{kind}', 'exact', 1, {file}, {line}]",
                id(*src),
                id(*dst)
            )
        })
        .collect();
    let script = format!(
        "?[src, dst, kind, provenance, candidates, file, line] <- [{}] \
         :put edge {{src, dst, kind => provenance, candidates, file, line}}",
        rows.join(",")
    );
    index.run(&script, Default::default(), true).unwrap();
    let by_dst: Vec<String> = edges
        .iter()
        .map(|(src, dst, kind)| {
            format!(
                "[to_uuid('{}'), '{kind}', to_uuid('{}')]",
                id(*dst),
                id(*src)
            )
        })
        .collect();
    let script = format!(
        "?[dst, kind, src] <- [{}] :put edge_by_dst {{dst, kind, src}}",
        by_dst.join(",")
    );
    index.run(&script, Default::default(), true).unwrap();
}
