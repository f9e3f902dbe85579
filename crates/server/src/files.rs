//! Uploaded files (documents attached to agreements), kept in a directory under their SHA-256.
//!
//! An upload streams into a temporary file in the same directory while its hash and size are
//! taken; it stops as soon as the size limit is passed. Only a complete file whose first bytes
//! show an accepted type is renamed to its hash (an atomic rename on one file system), and only
//! then is the record written. A failed or refused upload therefore leaves neither a partial
//! file nor a row, and what was stored before is untouched. Content addressing also means two
//! uploads of the same contract are kept once.
//!
//! The type is decided from the bytes and the file name together, never from the
//! client's `Content-Type` alone: a renamed executable is not a PDF.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// The default largest upload: 20 MiB, enough for a scanned contract.
pub const DEFAULT_MAX_BYTES: u64 = 20 << 20;

/// Where files live and how large one may be.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
    pub max_bytes: u64,
}

/// Why an upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("the file is larger than the limit of {limit} bytes ({} MiB)", limit >> 20)]
    TooLarge { limit: u64 },
    #[error("the file is empty")]
    Empty,
    #[error(
        "'{0}' is not an accepted document: send PDF, Word (.docx, .doc), Excel (.xlsx, .xls), PowerPoint (.pptx), OpenDocument (.odt, .ods), PNG, JPEG or UTF-8 text (.txt); the type is read from the file's contents and its name"
    )]
    Unsupported(String),
    #[error("{0}")]
    BadName(&'static str),
    #[error("file store: {0}")]
    Io(#[from] std::io::Error),
}

/// A file accepted and kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub sha256: String,
    pub size: u64,
    pub media_type: &'static str,
    /// False when the same bytes were already kept (for another document): a caller undoing
    /// this upload must then leave them.
    pub new_file: bool,
}

/// The accepted types: magic bytes at the start, the extensions that go with them, and the
/// media type served back.
const TYPES: &[(&[u8], &[&str], &str)] = &[
    (b"%PDF-", &["pdf"], "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", &["png"], "image/png"),
    (b"\xff\xd8\xff", &["jpg", "jpeg"], "image/jpeg"),
    (
        b"PK\x03\x04",
        &["docx"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        b"PK\x03\x04",
        &["xlsx"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        b"PK\x03\x04",
        &["pptx"],
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    (
        b"PK\x03\x04",
        &["odt"],
        "application/vnd.oasis.opendocument.text",
    ),
    (
        b"PK\x03\x04",
        &["ods"],
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        &["doc"],
        "application/msword",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        &["xls"],
        "application/vnd.ms-excel",
    ),
];

/// How many leading bytes decide the type (and, for text, are checked to be UTF-8).
const HEAD: usize = 4096;

/// The media type of a file from its first bytes and its name, if it is one we accept.
pub fn sniff(head: &[u8], file_name: &str) -> Option<&'static str> {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())?;
    if ext == "txt" {
        // Text: UTF-8 (allowing a character cut at the end of the head) and no NUL bytes.
        let valid = match std::str::from_utf8(head) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none(),
        };
        return (valid && !head.contains(&0)).then_some("text/plain; charset=utf-8");
    }
    TYPES
        .iter()
        .find(|(magic, exts, _)| head.starts_with(magic) && exts.contains(&ext.as_str()))
        .map(|(_, _, media)| *media)
}

/// A file name as given, checked: a name, not a path, printable, at most 200 characters.
pub fn check_name(name: &str) -> Result<String, FileError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(FileError::BadName("give the file's name"));
    }
    if name.chars().count() > 200 {
        return Err(FileError::BadName("a file name has at most 200 characters"));
    }
    if name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err(FileError::BadName(
            "a file name, not a path: no / or \\ in it",
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(FileError::BadName("no control characters in a file name"));
    }
    Ok(name.to_string())
}

impl FileStore {
    pub fn new(dir: impl Into<PathBuf>, max_bytes: u64) -> FileStore {
        FileStore {
            dir: dir.into(),
            max_bytes,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the bytes with this hash are kept (two-level fan-out keeps directories small).
    pub fn path(&self, sha256: &str) -> PathBuf {
        self.dir.join(&sha256[..2]).join(sha256)
    }

    /// Starts an upload of a file called `file_name`.
    pub async fn begin(&self, file_name: &str) -> Result<Upload, FileError> {
        let name = check_name(file_name)?;
        let tmp_dir = self.dir.join("tmp");
        tokio::fs::create_dir_all(&tmp_dir).await?;
        let tmp = tmp_dir.join(format!(
            "upload-{}-{}",
            std::process::id(),
            crate::auth::new_secret()
        ));
        let file = tokio::fs::File::create(&tmp).await?;
        Ok(Upload {
            store: self.clone(),
            name,
            tmp: Some(tmp),
            file: Some(file),
            hasher: Sha256::new(),
            size: 0,
            head: Vec::with_capacity(HEAD),
        })
    }

    /// Removes the bytes with this hash (when no record uses them any more).
    pub async fn remove(&self, sha256: &str) -> Result<(), FileError> {
        match tokio::fs::remove_file(self.path(sha256)).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    pub async fn read(&self, sha256: &str) -> Result<Vec<u8>, FileError> {
        Ok(tokio::fs::read(self.path(sha256)).await?)
    }
}

/// An upload in progress. Dropped before [`Upload::finish`], it deletes its temporary file.
pub struct Upload {
    store: FileStore,
    name: String,
    tmp: Option<PathBuf>,
    file: Option<tokio::fs::File>,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
}

impl Upload {
    pub fn file_name(&self) -> &str {
        &self.name
    }

    /// Appends a chunk; refuses (and forgets everything) once the file passes the limit.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), FileError> {
        self.size += chunk.len() as u64;
        if self.size > self.store.max_bytes {
            return Err(FileError::TooLarge {
                limit: self.store.max_bytes,
            });
        }
        if self.head.len() < HEAD {
            let take = (HEAD - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        self.file
            .as_mut()
            .expect("an unfinished upload has its file")
            .write_all(chunk)
            .await?;
        Ok(())
    }

    /// Checks the type and keeps the file under its hash.
    pub async fn finish(mut self) -> Result<Stored, FileError> {
        if self.size == 0 {
            return Err(FileError::Empty);
        }
        let media_type = sniff(&self.head, &self.name)
            .ok_or_else(|| FileError::Unsupported(self.name.clone()))?;
        let mut file = self.file.take().expect("an unfinished upload has its file");
        file.flush().await?;
        file.sync_all().await?;
        drop(file);
        let sha256 = hex::encode(std::mem::take(&mut self.hasher).finalize());
        let path = self.store.path(&sha256);
        tokio::fs::create_dir_all(path.parent().expect("a fan-out directory")).await?;
        let tmp = self
            .tmp
            .take()
            .expect("an unfinished upload has its temporary file");
        let new_file = !tokio::fs::try_exists(&path).await?;
        if let Err(e) = tokio::fs::rename(&tmp, &path).await {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(e.into());
        }
        Ok(Stored {
            sha256,
            size: self.size,
            media_type,
            new_file,
        })
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            self.file.take();
            let _ = std::fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes_and_the_name_together() {
        assert_eq!(
            sniff(b"%PDF-1.7\n...", "contract.PDF"),
            Some("application/pdf")
        );
        assert_eq!(
            sniff(b"%PDF-1.7", "contract.docx"),
            None,
            "a PDF named .docx"
        );
        assert_eq!(
            sniff(b"MZ\x90\x00", "contract.pdf"),
            None,
            "an executable named .pdf"
        );
        assert!(
            sniff(b"PK\x03\x04....", "plan.xlsx")
                .unwrap()
                .contains("spreadsheetml")
        );
        assert_eq!(
            sniff("Протокол встречи".as_bytes(), "minutes.txt"),
            Some("text/plain; charset=utf-8")
        );
        assert_eq!(
            sniff(b"abc\x00def", "minutes.txt"),
            None,
            "binary is not text"
        );
        // A multi-byte character cut at the end of the head is still text.
        let cut = &"дог".as_bytes()[..5];
        assert!(sniff(cut, "a.txt").is_some());
        assert_eq!(sniff(b"%PDF-", "no-extension"), None);
    }

    #[test]
    fn names_are_names_not_paths() {
        assert_eq!(check_name(" Договор № 7.pdf ").unwrap(), "Договор № 7.pdf");
        for bad in ["", "../etc/passwd", "a\\b.pdf", "a\nb.pdf", ".."] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_name(&"x".repeat(201)).is_err());
    }

    #[tokio::test]
    async fn an_upload_is_kept_whole_or_not_at_all() {
        let dir =
            std::env::temp_dir().join(format!("medbridge-files-{}", crate::auth::new_secret()));
        let store = FileStore::new(&dir, 10);
        // Over the limit: refused, and the temporary file is gone.
        let mut up = store.begin("a.txt").await.unwrap();
        up.write(b"123456").await.unwrap();
        assert!(matches!(
            up.write(b"789012").await,
            Err(FileError::TooLarge { limit: 10 })
        ));
        drop(up);
        assert_eq!(std::fs::read_dir(dir.join("tmp")).unwrap().count(), 0);
        // Wrong type: refused after the last byte, nothing kept.
        let mut up = store.begin("a.pdf").await.unwrap();
        up.write(b"not a pdf").await.unwrap();
        assert!(matches!(up.finish().await, Err(FileError::Unsupported(_))));
        assert_eq!(std::fs::read_dir(dir.join("tmp")).unwrap().count(), 0);
        // A good one is kept under its hash; the same bytes again land on the same file.
        let mut up = store.begin("minutes.txt").await.unwrap();
        up.write(b"hello").await.unwrap();
        let stored = up.finish().await.unwrap();
        assert_eq!(
            stored.sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(store.read(&stored.sha256).await.unwrap(), b"hello");
        store.remove(&stored.sha256).await.unwrap();
        assert!(store.read(&stored.sha256).await.is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
