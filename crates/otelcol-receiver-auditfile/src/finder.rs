//! Which files to import: `include` paths/globs minus `exclude`, regular files only, sorted.

use glob::{MatchOptions, Pattern};
use std::path::{Path, PathBuf};

const OPTIONS: MatchOptions = MatchOptions {
    case_sensitive: true,
    // `*` stays within one path segment; `**` crosses them.
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

pub struct Finder {
    include: Vec<String>,
    exclude: Vec<Pattern>,
}

impl Finder {
    /// The globs were checked by `validate`; a bad one here is skipped.
    pub fn new(include: &[String], exclude: &[String]) -> Self {
        Finder {
            include: include.to_vec(),
            exclude: exclude
                .iter()
                .filter_map(|g| Pattern::new(g).ok())
                .collect(),
        }
    }

    pub fn find(&self) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = self
            .include
            .iter()
            .filter_map(|p| glob::glob_with(p, OPTIONS).ok())
            .flat_map(|paths| paths.flatten())
            .filter(|p| self.keep(p))
            .collect();
        found.sort();
        found.dedup();
        found
    }

    /// `include` entries that match no file at all.
    pub fn unmatched(&self) -> Vec<&str> {
        self.include
            .iter()
            .filter(|p| {
                glob::glob_with(p, OPTIONS)
                    .map(|mut paths| !paths.any(|r| r.is_ok_and(|p| self.keep(&p))))
                    .unwrap_or(true)
            })
            .map(String::as_str)
            .collect()
    }

    fn keep(&self, path: &Path) -> bool {
        !self
            .exclude
            .iter()
            .any(|p| p.matches_path_with(path, OPTIONS))
            && std::fs::metadata(path).is_ok_and(|m| m.is_file())
    }
}

#[cfg(test)]
mod tests {
    use super::Finder;

    #[test]
    fn include_minus_exclude_sorted_and_unmatched_patterns_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        for f in ["b.csv", "a.json", "skip.json", "sub/c.ndjson"] {
            std::fs::write(root.join(f), "x\n").unwrap();
        }
        let r = root.display();
        let finder = Finder::new(
            &[
                format!("{r}/*.json"),
                format!("{r}/**/*.ndjson"),
                format!("{r}/*.csv"),
                format!("{r}/none/*.csv"),
            ],
            &[format!("{r}/skip.json")],
        );
        let names: Vec<String> = finder
            .find()
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.json", "b.csv", "sub/c.ndjson"]);
        assert_eq!(finder.unmatched(), [format!("{r}/none/*.csv")]);
    }
}
