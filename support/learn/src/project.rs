//! Where the workbook is: found from the folder a command runs in.
//!
//! Not from the path the tool was compiled at: cargo does not rebuild a tool when its folder is
//! moved or copied, and a copy must drive itself, never the original.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// The nearest folder, at or above the current one, that holds `katas/info.toml` beside a
/// `Cargo.toml`.
pub fn root() -> Result<PathBuf> {
    let here = std::env::current_dir()?;
    match find_from(&here) {
        Some(root) => Ok(root),
        None => bail!(
            "{} is not inside the workbook: run the command from the folder you cloned (the one \
             with katas/info.toml), or a folder inside it",
            here.display()
        ),
    }
}

pub fn find_from(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("katas/info.toml").is_file() && dir.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
}

/// The build folder cargo uses for this workbook.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_workbook_from_a_folder_inside_it() {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = find_from(&crate_dir.join("src")).unwrap();
        assert!(root.join("katas/info.toml").is_file());
        assert_eq!(find_from(Path::new("/")), None);
    }
}
