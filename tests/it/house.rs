//! The shape of the house: the module graph of `src/` has no cycle, at any level of the tree.
//!
//! At the top the stages depend on each other one way only (base ← template ← read ← find ←
//! judge ← analyse, write), and inside every folder its modules do too: a helper two rooms need
//! lives in a leaf, never in one of them. The graph is read from the sources (`crate::…`,
//! `super::…` and `self::…` paths outside `#[cfg(test)] mod tests`), so a new import that closes
//! a loop fails here with the modules and the paths that close it.
//!
//! `cargo test house -- --nocapture` prints the graph of every folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

/// Every module of the library, by path (`["read", "extract", "pdf"]`), with its file.
fn modules(src: &Path) -> BTreeMap<ModPath, PathBuf> {
    let mut mods = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel: Vec<String> = path
                .strip_prefix(src)
                .unwrap()
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            // The binary (main.rs, cli.rs, commands/) sits on top of the library.
            if matches!(rel[0].as_str(), "main.rs" | "cli.rs" | "commands") {
                continue;
            }
            let file = rel.last().unwrap().clone();
            let mut module: ModPath = rel[..rel.len() - 1].to_vec();
            match file.as_str() {
                "lib.rs" | "mod.rs" => {}
                name => module.push(name.trim_end_matches(".rs").to_string()),
            }
            mods.insert(module, path);
        }
    }
    mods
}

/// The longest module path that `path` starts with.
fn resolve(mods: &BTreeMap<ModPath, PathBuf>, path: &[String]) -> ModPath {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| mods.contains_key(p))
        .unwrap_or_default()
}

/// The modules each module names, outside its unit tests and comments.
fn references(mods: &BTreeMap<ModPath, PathBuf>) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let path_re = regex::Regex::new(
        r"(\$?crate|super(?:::super)*|self)::((?:[A-Za-z_0-9]+::)*[A-Za-z_0-9]+)",
    )
    .unwrap();
    let mut refs = BTreeMap::new();
    for (module, file) in mods {
        let mut code = std::fs::read_to_string(file).unwrap();
        if let Some(i) = code.find("#[cfg(test)]\nmod tests") {
            code.truncate(i);
        }
        let code: String = code
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let mut named = BTreeSet::new();
        for cap in path_re.captures_iter(&code) {
            let parts: Vec<String> = cap[2].split("::").map(str::to_string).collect();
            let base: ModPath = match &cap[1] {
                "crate" | "$crate" => Vec::new(),
                "self" => module.clone(),
                supers => {
                    let up = supers.matches("super").count();
                    module[..module.len().saturating_sub(up)].to_vec()
                }
            };
            let target = resolve(mods, &[base, parts].concat());
            if &target != module {
                named.insert(target);
            }
        }
        refs.insert(module.clone(), named);
    }
    refs
}

/// The strongly connected components of more than one node (Tarjan).
fn cycles(nodes: &[String], edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        found: Vec<Vec<String>>,
    }
    fn visit(v: &str, s: &mut State<'_>) {
        let i = s.index.len();
        s.index.insert(v.to_string(), i);
        s.low.insert(v.to_string(), i);
        s.stack.push(v.to_string());
        for w in s.edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(w, s);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                let done = w == v;
                component.push(w);
                if done {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in nodes {
        if !state.index.contains_key(v) {
            visit(v, &mut state);
        }
    }
    state.found
}

#[test]
fn no_module_imports_its_way_back_to_itself() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mods = modules(&src);
    let refs = references(&mods);
    let folders: BTreeSet<ModPath> = mods
        .keys()
        .filter(|m| !m.is_empty())
        .map(|m| m[..m.len() - 1].to_vec())
        .collect();
    let mut problems = Vec::new();
    for folder in &folders {
        let depth = folder.len();
        let inside = |m: &ModPath| m.len() > depth && m[..depth] == folder[..];
        let children: Vec<String> = mods
            .keys()
            .filter(|m| inside(m))
            .map(|m| m[depth].clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut why: BTreeMap<(String, String), String> = BTreeMap::new();
        for (from, targets) in refs.iter().filter(|(m, _)| inside(m)) {
            for to in targets
                .iter()
                .filter(|t| inside(t) && t[depth] != from[depth])
            {
                let pair = (from[depth].clone(), to[depth].clone());
                edges
                    .entry(pair.0.clone())
                    .or_default()
                    .insert(pair.1.clone());
                why.entry(pair)
                    .or_insert_with(|| format!("{} -> {}", from.join("::"), to.join("::")));
            }
        }
        let name = if folder.is_empty() {
            "crate".to_string()
        } else {
            folder.join("::")
        };
        println!("[{name}]");
        for (from, to) in &edges {
            println!(
                "  {from} -> {}",
                to.iter().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        for cycle in cycles(&children, &edges) {
            let mut paths = Vec::new();
            for a in &cycle {
                for b in &cycle {
                    if let Some(w) = why.get(&(a.clone(), b.clone())) {
                        paths.push(w.clone());
                    }
                }
            }
            problems.push(format!("cycle in {name}: {cycle:?}, through {paths:?}"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The top of `src/` is the diagram: the binary's three entries, the library, the stages and
/// the leaves, nothing else.
#[test]
fn the_top_of_src_is_the_pipeline() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut top: Vec<String> = std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(
        top,
        [
            "analyse", "base", "cli.rs", "commands", "find", "judge", "lib.rs", "main.rs", "read",
            "template", "write"
        ]
    );
}

/// The tests of the graph itself: a loop between two rooms is found, a one-way street is not.
#[test]
fn the_cycle_finder_finds_loops_and_only_loops() {
    let nodes: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    assert!(cycles(&nodes, &edges).is_empty());
    edges.entry("c".into()).or_default().insert("a".into());
    assert_eq!(cycles(&nodes, &edges), vec![nodes.clone()]);
}
