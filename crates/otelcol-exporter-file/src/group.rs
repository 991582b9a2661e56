//! `group_by`: the file of a resource is `path` with its `*` replaced by a resource attribute,
//! kept inside the `path` prefix; at most `max_open_files` files stay open (least recently
//! written closed first), as Go's `groupingFileExporter`.

use crate::writer::{FileWriter, OpenMode};
use indexmap::IndexMap;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// `path` split at its `*`.
#[derive(Debug, Clone)]
pub struct PathTemplate {
    prefix: String,
    suffix: String,
}

impl PathTemplate {
    /// `path` must contain one `*` (checked by `validate`); otherwise the whole path is the
    /// prefix.
    pub fn parse(path: &str) -> Self {
        let (prefix, suffix) = path.split_once('*').unwrap_or((path, ""));
        PathTemplate {
            prefix: clean_prefix(prefix),
            suffix: suffix.to_string(),
        }
    }

    /// The file for a path segment; a segment cannot climb out of the prefix.
    pub fn full_path(&self, segment: &str) -> String {
        let segment = if let Some(rest) = segment.strip_prefix("./") {
            format!("/{rest}")
        } else if let Some(rest) = segment.strip_prefix("../") {
            format!("/{rest}")
        } else {
            segment.to_string()
        };
        let full = clean(&format!("{}{}{}", self.prefix, segment, self.suffix));
        if full.starts_with(&self.prefix) {
            return full;
        }
        let inside = clean(&format!("/{segment}{}", self.suffix));
        clean(&format!("{}/{}", self.prefix, inside))
    }
}

/// Go `cleanPathPrefix`: cleaned, keeping a trailing slash.
fn clean_prefix(prefix: &str) -> String {
    let cleaned = clean(prefix);
    if prefix.ends_with('/') && !cleaned.ends_with('/') {
        format!("{cleaned}/")
    } else {
        cleaned
    }
}

/// Go `path.Clean`: lexical, slash-separated.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(last) if *last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// The open files of a grouping exporter, least recently written first.
pub struct GroupWriters {
    template: PathTemplate,
    mode: OpenMode,
    directory_mode: u32,
    max_open: usize,
    writers: IndexMap<String, FileWriter>,
    /// Files opened before in this run: reopened after eviction, they are appended to, never
    /// truncated again.
    opened: HashSet<String>,
}

impl GroupWriters {
    pub fn new(path: &str, mode: OpenMode, directory_mode: u32, max_open: usize) -> Self {
        GroupWriters {
            template: PathTemplate::parse(path),
            mode,
            directory_mode,
            max_open: max_open.max(1),
            writers: IndexMap::new(),
            opened: HashSet::new(),
        }
    }

    pub fn full_path(&self, segment: &str) -> String {
        self.template.full_path(segment)
    }

    /// Writes a message to the file of `full_path`, opening it (and its directory) if needed.
    pub fn write_message(&mut self, full_path: &str, message: &[u8]) -> io::Result<()> {
        let mut writer = match self.writers.shift_remove(full_path) {
            Some(writer) => writer,
            None => {
                create_dir_all(Path::new(full_path).parent(), self.directory_mode)?;
                let mut mode = self.mode.clone();
                mode.append |= self.opened.contains(full_path);
                let writer = FileWriter::open(Path::new(full_path), &mode)?;
                self.opened.insert(full_path.to_string());
                writer
            }
        };
        let result = writer.write_message(message);
        self.writers.insert(full_path.to_string(), writer);
        while self.writers.len() > self.max_open {
            if let Some((_, mut evicted)) = self.writers.shift_remove_index(0) {
                if let Err(err) = evicted.sync() {
                    tracing::warn!(path = %evicted.path().display(), error = %err, "Failed to close file");
                }
            }
        }
        result
    }

    /// Syncs every open file; returns the first error with its path.
    pub fn sync_all(&mut self) -> Result<(), (PathBuf, io::Error)> {
        let mut first = None;
        for writer in self.writers.values_mut() {
            if let Err(err) = writer.sync() {
                first.get_or_insert((writer.path().to_path_buf(), err));
            }
        }
        first.map_or(Ok(()), Err)
    }

    #[cfg(test)]
    fn open_files(&self) -> usize {
        self.writers.len()
    }
}

/// Creates a directory and its parents with `mode` (before the umask).
pub fn create_dir_all(dir: Option<&Path>, mode: u32) -> io::Result<()> {
    let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_matches_go_path_clean() {
        let cases = [
            ("", "."),
            ("a/b/../c", "a/c"),
            ("/../a", "/a"),
            ("../../a", "../../a"),
            ("a//b/./c/", "a/b/c"),
            ("/", "/"),
            ("./", "."),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "{input}");
        }
    }

    #[test]
    fn segments_stay_inside_the_prefix() {
        let template = PathTemplate::parse("/tmp/out/*.json");
        assert_eq!(template.full_path("tenant-a"), "/tmp/out/tenant-a.json");
        assert_eq!(template.full_path("a/b"), "/tmp/out/a/b.json");
        assert_eq!(template.full_path("./x"), "/tmp/out/x.json");
        assert_eq!(
            template.full_path("../../etc/passwd"),
            "/tmp/out/etc/passwd.json"
        );
        assert_eq!(template.full_path("x/../../../y"), "/tmp/out/y.json");
    }

    #[test]
    fn least_recently_written_file_is_closed_beyond_max_open_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = format!("{}/*.log", dir.path().display());
        let mode = OpenMode {
            append: false,
            rotation: None,
            length_prefixed: false,
        };
        let mut groups = GroupWriters::new(&path, mode, 0o755, 2);
        for segment in ["a", "b", "a", "c", "b"] {
            let full = groups.full_path(segment);
            let line = format!("{segment}\n");
            groups.write_message(&full, line.as_bytes()).expect("write");
        }
        assert_eq!(groups.open_files(), 2);
        assert!(groups.writers.contains_key(&groups.full_path("b")));
        assert!(groups.writers.contains_key(&groups.full_path("c")));
        assert!(!groups.writers.contains_key(&groups.full_path("a")));
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect("group file");
        assert_eq!(read("a.log"), "a\na\n");
        assert_eq!(
            read("b.log"),
            "b\nb\n",
            "a reopened file is appended to, not truncated"
        );
    }

    #[test]
    fn relative_prefix_is_cleaned_keeping_its_slash() {
        let template = PathTemplate::parse("./out/*.log");
        assert_eq!(template.full_path("svc"), "out/svc.log");
        let flat = PathTemplate::parse("out-*.log");
        assert_eq!(flat.full_path("svc"), "out-svc.log");
    }
}
