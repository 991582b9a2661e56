//! Reading a request body within `max_request_body_size` and decompressing it within the same limit.

use axum::body::Body;
use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use std::io::Read;

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BodyError {
    /// More than `limit` bytes, raw or decompressed.
    TooLarge { limit: u64 },
    /// A Content-Encoding that is not served.
    UnsupportedEncoding(String),
    /// The body could not be read or decompressed.
    Malformed(String),
}

/// Collects the body, failing as soon as it passes `limit` bytes.
pub(crate) async fn read_limited(mut body: Body, limit: u64) -> Result<Bytes, BodyError> {
    let mut buf = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame = frame
            .map_err(|e| BodyError::Malformed(format!("failed to read the request body: {e}")))?;
        if let Ok(data) = frame.into_data() {
            if (buf.len() + data.len()) as u64 > limit {
                return Err(BodyError::TooLarge { limit });
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(buf.freeze())
}

/// Encodings the Go server knows but this one cannot decode.
const NOT_IMPLEMENTED: &[&str] = &["snappy", "lz4", "x-snappy-framed"];

/// Whether `encoding` is served, given the configured `compression_algorithms`.
pub(crate) fn check_encoding(encoding: &str, enabled: &[String]) -> Result<(), BodyError> {
    let listed = enabled.iter().any(|e| e == encoding)
        || (encoding == "identity" && enabled.iter().any(|e| e.is_empty()));
    if !listed || NOT_IMPLEMENTED.contains(&encoding) {
        return Err(BodyError::UnsupportedEncoding(encoding.to_string()));
    }
    Ok(())
}

/// Undoes `encoding` (already checked), refusing output beyond `limit` bytes.
pub(crate) fn decompress(encoding: &str, raw: Bytes, limit: u64) -> Result<Bytes, BodyError> {
    match encoding {
        "" | "identity" => Ok(raw),
        "gzip" => inflate(flate2::read::MultiGzDecoder::new(&raw[..]), limit, "gzip"),
        // Go maps `deflate` to zlib, as RFC 9110 defines it.
        "zlib" | "deflate" => inflate(flate2::read::ZlibDecoder::new(&raw[..]), limit, encoding),
        "zstd" => {
            let mut decoder = zstd::stream::read::Decoder::new(&raw[..])
                .map_err(|e| BodyError::Malformed(format!("zstd: {e}")))?;
            // Bound the window a frame may ask for (16 MiB), so a crafted header cannot
            // make us allocate a huge buffer.
            decoder
                .window_log_max(24)
                .map_err(|e| BodyError::Malformed(format!("zstd: {e}")))?;
            inflate(decoder, limit, "zstd")
        }
        other => Err(BodyError::UnsupportedEncoding(other.to_string())),
    }
}

fn inflate(reader: impl Read, limit: u64, what: &str) -> Result<Bytes, BodyError> {
    let mut out = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| BodyError::Malformed(format!("{what}: {e}")))?;
    if out.len() as u64 > limit {
        return Err(BodyError::TooLarge { limit });
    }
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Bytes {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(data).unwrap();
        Bytes::from(enc.finish().unwrap())
    }

    #[test]
    fn gzip_bomb_is_refused_at_the_limit() {
        let bomb = gzip(&vec![0u8; 8 * 1024 * 1024]);
        assert!(bomb.len() < 64 * 1024);
        assert_eq!(
            decompress("gzip", bomb, 1024 * 1024),
            Err(BodyError::TooLarge { limit: 1024 * 1024 })
        );
    }

    #[test]
    fn zstd_and_zlib_round_trip() {
        let data = b"hello otlp".repeat(100);
        let z = zstd::encode_all(&data[..], 3).unwrap();
        assert_eq!(
            decompress("zstd", Bytes::from(z), 1 << 20).unwrap(),
            Bytes::from(data.clone())
        );
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&data).unwrap();
        let zl = Bytes::from(enc.finish().unwrap());
        assert_eq!(
            decompress("deflate", zl, 1 << 20).unwrap(),
            Bytes::from(data)
        );
    }

    #[test]
    fn corrupt_gzip_is_malformed() {
        let err = decompress("gzip", Bytes::from_static(b"not gzip at all"), 1024).unwrap_err();
        assert!(matches!(err, BodyError::Malformed(m) if m.starts_with("gzip:")));
    }

    #[test]
    fn snappy_is_known_but_not_served() {
        let all: Vec<String> = crate::http::config::KNOWN_ENCODINGS
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(check_encoding("gzip", &all).is_ok());
        assert!(check_encoding("identity", &all).is_ok());
        assert_eq!(
            check_encoding("snappy", &all),
            Err(BodyError::UnsupportedEncoding("snappy".into()))
        );
        assert!(check_encoding("gzip", &["zstd".to_string()]).is_err());
    }
}
