//! `compression` and `compression_params` (Go `configcompression`): the accepted names, the
//! level rules, and the request-body encoders used by `otlp_http`.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;
use std::io::Write;

/// A compression type as written in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// `none` or `""`.
    None,
    Gzip,
    Zstd,
    Zlib,
    Deflate,
    /// Snappy block format (`Content-Encoding: snappy`).
    Snappy,
    /// Snappy framing format (`x-snappy-framed`).
    SnappyFramed,
    /// LZ4 frame format.
    Lz4,
}

impl Compression {
    /// Go `configcompression.Type.UnmarshalText`.
    pub fn parse(s: &str) -> Result<Self, String> {
        Ok(match s {
            "" | "none" => Compression::None,
            "gzip" => Compression::Gzip,
            "zstd" => Compression::Zstd,
            "zlib" => Compression::Zlib,
            "deflate" => Compression::Deflate,
            "snappy" => Compression::Snappy,
            "x-snappy-framed" => Compression::SnappyFramed,
            "lz4" => Compression::Lz4,
            other => return Err(format!("unsupported compression type {other:?}")),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Zlib => "zlib",
            Compression::Deflate => "deflate",
            Compression::Snappy => "snappy",
            Compression::SnappyFramed => "x-snappy-framed",
            Compression::Lz4 => "lz4",
        }
    }

    /// The `Content-Encoding` header value, if the body is compressed.
    pub fn content_encoding(self) -> Option<&'static str> {
        match self {
            Compression::None => None,
            other => Some(other.name()),
        }
    }

    /// Go `Type.ValidateParams`: gzip/zlib/deflate take -1, -2, 0 or 1..=9; zstd any level;
    /// the others only 0.
    pub fn validate_params(self, params: &CompressionParams) -> Result<(), String> {
        let level = params.level;
        let ok = match self {
            Compression::Gzip | Compression::Zlib | Compression::Deflate => {
                (-2..=9).contains(&level)
            }
            Compression::Zstd => true,
            _ => level == 0,
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "unsupported parameters {{Level:{level}}} for compression type {:?}",
                self.name()
            ))
        }
    }

    /// Compresses a request body. Level 0 means the type's default (zlib level 6, zstd
    /// fastest, as the Go client).
    pub fn compress(self, level: i64, body: &[u8]) -> std::io::Result<Vec<u8>> {
        let zlib_level = || match level {
            1..=9 => flate2::Compression::new(level as u32),
            -2 => flate2::Compression::fast(),
            _ => flate2::Compression::default(),
        };
        let capacity = body.len() / 4 + 64;
        match self {
            Compression::None => Ok(body.to_vec()),
            Compression::Gzip => {
                let mut enc =
                    flate2::write::GzEncoder::new(Vec::with_capacity(capacity), zlib_level());
                enc.write_all(body)?;
                enc.finish()
            }
            Compression::Zlib | Compression::Deflate => {
                let mut enc =
                    flate2::write::ZlibEncoder::new(Vec::with_capacity(capacity), zlib_level());
                enc.write_all(body)?;
                enc.finish()
            }
            Compression::Zstd => {
                let level = if level <= 0 { 1 } else { level.min(22) as i32 };
                zstd::bulk::compress(body, level)
            }
            Compression::Snappy => snap::raw::Encoder::new()
                .compress_vec(body)
                .map_err(std::io::Error::other),
            Compression::SnappyFramed => {
                let mut enc = snap::write::FrameEncoder::new(Vec::with_capacity(capacity));
                enc.write_all(body)?;
                enc.into_inner()
                    .map_err(|e| std::io::Error::other(e.to_string()))
            }
            Compression::Lz4 => {
                let mut enc = lz4_flex::frame::FrameEncoder::new(Vec::with_capacity(capacity));
                enc.write_all(body)?;
                enc.finish().map_err(std::io::Error::other)
            }
        }
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Compression {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Compression;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a compression type")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Compression, E> {
                Compression::parse(s).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// `compression_params` (Go `configcompression.CompressionParams`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompressionParams {
    pub level: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    const ALL: [&str; 9] = [
        "",
        "none",
        "gzip",
        "zstd",
        "zlib",
        "deflate",
        "snappy",
        "x-snappy-framed",
        "lz4",
    ];

    fn decompress(c: Compression, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        match c {
            Compression::None => out = data.to_vec(),
            Compression::Gzip => {
                flate2::read::GzDecoder::new(data)
                    .read_to_end(&mut out)
                    .expect("gzip");
            }
            Compression::Zlib | Compression::Deflate => {
                flate2::read::ZlibDecoder::new(data)
                    .read_to_end(&mut out)
                    .expect("zlib");
            }
            Compression::Zstd => out = zstd::decode_all(data).expect("zstd"),
            Compression::Snappy => {
                out = snap::raw::Decoder::new()
                    .decompress_vec(data)
                    .expect("snappy")
            }
            Compression::SnappyFramed => {
                snap::read::FrameDecoder::new(data)
                    .read_to_end(&mut out)
                    .expect("framed");
            }
            Compression::Lz4 => {
                lz4_flex::frame::FrameDecoder::new(data)
                    .read_to_end(&mut out)
                    .expect("lz4");
            }
        }
        out
    }

    #[test]
    fn every_go_compression_type_is_accepted_and_round_trips() {
        let body = b"{\"resourceLogs\":[]}".repeat(100);
        for name in ALL {
            let c = Compression::parse(name).expect(name);
            let packed = c.compress(0, &body).expect("compress");
            assert_eq!(decompress(c, &packed), body, "{name}");
        }
    }

    #[test]
    fn unknown_type_is_refused_with_the_go_message() {
        assert_eq!(
            Compression::parse("brotli").unwrap_err(),
            "unsupported compression type \"brotli\""
        );
    }

    #[test]
    fn levels_follow_go_validate_params() {
        let p = |level| CompressionParams { level };
        assert!(Compression::Gzip.validate_params(&p(9)).is_ok());
        assert!(Compression::Gzip.validate_params(&p(-1)).is_ok());
        assert_eq!(
            Compression::Gzip.validate_params(&p(10)).unwrap_err(),
            "unsupported parameters {Level:10} for compression type \"gzip\""
        );
        assert!(Compression::Zstd.validate_params(&p(22)).is_ok());
        assert!(Compression::Snappy.validate_params(&p(1)).is_err());
        assert!(Compression::None.validate_params(&p(0)).is_ok());
    }
}
