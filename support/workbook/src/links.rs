//! Checks that every link inside the built book resolves: the target page exists, and so does
//! the `#fragment` on it.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::percent_decode;
use anyhow::Result;

/// Broken links in the HTML under `site`, as `page: link — why` lines.
pub fn check(site: &Path) -> Result<Vec<String>> {
    let pages = crate::files_under(site, "html")?;
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut texts = Vec::new();
    for page in &pages {
        let text = fs_err::read_to_string(page)?;
        ids.insert(page.clone(), attribute_values(&text, "id").into_iter().collect());
        texts.push((page.clone(), text));
    }
    let mut broken = Vec::new();
    for (page, text) in &texts {
        let shown = page.strip_prefix(site).unwrap_or(page).display().to_string();
        for link in attribute_values(text, "href")
            .into_iter()
            .chain(attribute_values(text, "src"))
        {
            if is_external(&link) {
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                page.clone()
            } else {
                // An absolute path is relative to the site's root (mdBook's `site-url` is `/`).
                let base = if path.starts_with('/') {
                    site
                } else {
                    page.parent().unwrap_or(site)
                };
                let mut target = normalize(&base.join(percent_decode(path.trim_start_matches('/'))));
                if target.is_dir() {
                    target = target.join("index.html");
                }
                target
            };
            if !target.starts_with(site) || !target.exists() {
                broken.push(format!("{shown}: {link} — no such file"));
                continue;
            }
            if !fragment.is_empty()
                && target.extension().is_some_and(|e| e == "html")
                && !ids
                    .get(&target)
                    .is_some_and(|ids| ids.contains(&percent_decode(fragment)))
            {
                broken.push(format!("{shown}: {link} — no element with id `{fragment}` there"));
            }
        }
    }
    broken.sort();
    broken.dedup();
    Ok(broken)
}

fn is_external(link: &str) -> bool {
    link.is_empty()
        || link.starts_with("//")
        || ["http:", "https:", "mailto:", "javascript:", "data:"]
            .iter()
            .any(|p| link.starts_with(p))
}

/// The values of `name="…"` attributes, entity-decoded.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    values
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_pages_and_fragments() {
        let site = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../target/tmp/workbook-links-{}", std::process::id()));
        let _ = fs_err::remove_dir_all(&site);
        fs_err::create_dir_all(site.join("queue")).unwrap();
        let site = site.canonicalize().unwrap();
        fs_err::write(
            site.join("index.html"),
            r#"<a href="queue/kata.html#problem-1">k</a><a href="gone.html">g</a><a href="https://tokio.rs">t</a>"#,
        )
        .unwrap();
        fs_err::write(
            site.join("queue/kata.html"),
            r##"<h2 id="problem-1"></h2><a href="../index.html#nope">i</a><a href="#problem-1">self</a>"##,
        )
        .unwrap();
        let broken = check(&site).unwrap();
        let _ = fs_err::remove_dir_all(&site);
        assert_eq!(
            broken,
            [
                "index.html: gone.html — no such file",
                "queue/kata.html: ../index.html#nope — no element with id `nope` there"
            ]
        );
    }
}
