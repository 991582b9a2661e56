//! Which files to read: `include` globs minus `exclude` and `exclude_older_than`, sorted.

use glob::{MatchOptions, Pattern};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

const OPTIONS: MatchOptions = MatchOptions {
    case_sensitive: true,
    // `*` stays within one path segment; `**` crosses them (doublestar semantics).
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

pub(crate) struct Finder {
    include: Vec<String>,
    exclude: Vec<Pattern>,
    older_than: Option<Duration>,
}

impl Finder {
    /// The globs were checked by `validate`; a bad one here is skipped.
    pub(crate) fn new(
        include: &[String],
        exclude: &[String],
        older_than: Option<Duration>,
    ) -> Self {
        Finder {
            include: include.to_vec(),
            exclude: exclude
                .iter()
                .filter_map(|g| Pattern::new(g).ok())
                .collect(),
            older_than,
        }
    }

    pub(crate) fn find(&self) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for pattern in &self.include {
            let Ok(paths) = glob::glob_with(pattern, OPTIONS) else {
                continue;
            };
            for path in paths.flatten() {
                if self.keep(&path) {
                    found.push(path);
                }
            }
        }
        found.sort();
        found.dedup();
        found
    }

    fn keep(&self, path: &PathBuf) -> bool {
        if self
            .exclude
            .iter()
            .any(|p| p.matches_path_with(path, OPTIONS))
        {
            return false;
        }
        let Ok(meta) = std::fs::metadata(path) else {
            return false;
        };
        if !meta.is_file() {
            return false;
        }
        match (self.older_than, meta.modified()) {
            (Some(limit), Ok(modified)) => SystemTime::now()
                .duration_since(modified)
                .map(|age| age <= limit)
                .unwrap_or(true),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Finder;

    #[test]
    fn include_exclude_and_double_star() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        for f in [
            "x.json",
            "skip.json",
            "a/y.json",
            "a/b/z.json",
            "a/notes.txt",
        ] {
            std::fs::write(root.join(f), "{}\n").unwrap();
        }
        let names = |f: &Finder| -> Vec<String> {
            f.find()
                .iter()
                .map(|p| p.strip_prefix(root).unwrap().display().to_string())
                .collect()
        };
        let top = Finder::new(
            &[format!("{}/*.json", root.display())],
            &[format!("{}/skip.json", root.display())],
            None,
        );
        assert_eq!(names(&top), ["x.json"]);
        let deep = Finder::new(&[format!("{}/**/*.json", root.display())], &[], None);
        assert_eq!(
            names(&deep),
            ["a/b/z.json", "a/y.json", "skip.json", "x.json"]
        );
    }
}
