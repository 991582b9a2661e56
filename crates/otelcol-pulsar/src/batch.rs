//! Entry payloads: decompression (NONE, LZ4, ZLIB, ZSTD, SNAPPY) and splitting a batched entry
//! into its messages (`[u32 size][SingleMessageMetadata][payload]` repeated); the inverse
//! operations for producers and the broker double.

use crate::proto::{CompressionType, MessageMetadata, SingleMessageMetadata};
use bytes::{Buf, BufMut, Bytes, BytesMut};
use prost::Message;
use std::io::{Read, Write};

/// Largest uncompressed entry we inflate (a bound against decompression bombs).
pub const MAX_UNCOMPRESSED_SIZE: usize = 64 * 1024 * 1024;

/// One message of an entry: its own metadata (for a batch) and payload.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryMessage {
    /// `None` for an unbatched entry.
    pub single: Option<SingleMessageMetadata>,
    pub payload: Bytes,
}

/// The compression of an entry.
pub fn compression_of(metadata: &MessageMetadata) -> Result<CompressionType, String> {
    let code = metadata.compression.unwrap_or(0);
    CompressionType::try_from(code).map_err(|_| format!("unknown compression type {code}"))
}

/// Decompresses an entry's payload as its metadata says.
pub fn decompress(metadata: &MessageMetadata, data: Bytes) -> Result<Bytes, String> {
    let kind = compression_of(metadata)?;
    let size = metadata.uncompressed_size.unwrap_or(0) as usize;
    if size > MAX_UNCOMPRESSED_SIZE {
        return Err(format!(
            "uncompressed size {size} exceeds the limit of {MAX_UNCOMPRESSED_SIZE} bytes"
        ));
    }
    let out = match kind {
        CompressionType::None => return Ok(data),
        CompressionType::Lz4 => lz4_flex::block::decompress(&data, size)
            .map_err(|e| format!("LZ4 decompression: {e}"))?,
        CompressionType::Zlib => {
            let mut out = Vec::with_capacity(size);
            flate2::read::ZlibDecoder::new(&data[..])
                .take(MAX_UNCOMPRESSED_SIZE as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|e| format!("ZLIB decompression: {e}"))?;
            out
        }
        CompressionType::Zstd => zstd::bulk::decompress(&data, size.max(1))
            .map_err(|e| format!("ZSTD decompression: {e}"))?,
        CompressionType::Snappy => snap::raw::Decoder::new()
            .decompress_vec(&data)
            .map_err(|e| format!("SNAPPY decompression: {e}"))?,
    };
    if out.len() != size {
        return Err(format!(
            "{kind:?} payload inflated to {} bytes, metadata says {size}",
            out.len()
        ));
    }
    Ok(Bytes::from(out))
}

/// Compresses `data` with `kind`, returning the compressed bytes.
pub fn compress(kind: CompressionType, data: &[u8]) -> Result<Vec<u8>, String> {
    Ok(match kind {
        CompressionType::None => data.to_vec(),
        CompressionType::Lz4 => lz4_flex::block::compress(data),
        CompressionType::Zlib => {
            let mut enc =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(data).map_err(|e| e.to_string())?;
            enc.finish().map_err(|e| e.to_string())?
        }
        CompressionType::Zstd => zstd::bulk::compress(data, 3).map_err(|e| e.to_string())?,
        CompressionType::Snappy => snap::raw::Encoder::new()
            .compress_vec(data)
            .map_err(|e| e.to_string())?,
    })
}

/// Whether the entry is a batch (the field is present, even with one message).
pub fn is_batch(metadata: &MessageMetadata) -> bool {
    metadata.num_messages_in_batch.is_some()
}

/// Splits an (already decompressed) entry into its messages.
pub fn split_entry(metadata: &MessageMetadata, data: Bytes) -> Result<Vec<EntryMessage>, String> {
    if !is_batch(metadata) {
        return Ok(vec![EntryMessage {
            single: None,
            payload: data,
        }]);
    }
    let count = metadata.num_messages_in_batch.unwrap_or(1);
    if count < 0 {
        return Err(format!("negative num_messages_in_batch {count}"));
    }
    let mut rest = data;
    let mut out = Vec::with_capacity(count as usize);
    for index in 0..count {
        if rest.len() < 4 {
            return Err(format!("batch message {index}: metadata size missing"));
        }
        let size = rest.get_u32() as usize;
        if size > rest.len() {
            return Err(format!(
                "batch message {index}: metadata size {size} too large"
            ));
        }
        let single = SingleMessageMetadata::decode(rest.split_to(size))
            .map_err(|e| format!("batch message {index}: metadata: {e}"))?;
        let len = usize::try_from(single.payload_size)
            .map_err(|_| format!("batch message {index}: negative payload size"))?;
        if len > rest.len() {
            return Err(format!(
                "batch message {index}: payload size {len} exceeds the {} bytes left",
                rest.len()
            ));
        }
        let payload = rest.split_to(len);
        out.push(EntryMessage {
            single: Some(single),
            payload,
        });
    }
    Ok(out)
}

/// Serializes messages into a batch payload (uncompressed).
pub fn build_batch(messages: &[(SingleMessageMetadata, Bytes)]) -> Bytes {
    let mut out = BytesMut::new();
    for (single, payload) in messages {
        let mut single = single.clone();
        single.payload_size = payload.len() as i32;
        out.put_u32(single.encoded_len() as u32);
        let _ = single.encode(&mut out);
        out.put_slice(payload);
    }
    out.freeze()
}

/// Fills `compression`/`uncompressed_size` and returns the compressed data.
pub fn compress_entry(
    metadata: &mut MessageMetadata,
    kind: CompressionType,
    data: &[u8],
) -> Result<Bytes, String> {
    if kind != CompressionType::None {
        metadata.compression = Some(kind as i32);
        metadata.uncompressed_size = Some(data.len() as u32);
    }
    compress(kind, data).map(Bytes::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::KeyValue;

    fn batch() -> (MessageMetadata, Bytes) {
        let singles: Vec<(SingleMessageMetadata, Bytes)> = (0..5)
            .map(|i| {
                (
                    SingleMessageMetadata {
                        partition_key: Some(format!("k{i}")),
                        properties: vec![KeyValue {
                            key: "i".into(),
                            value: i.to_string(),
                        }],
                        event_time: Some(1000 + i as u64),
                        ..Default::default()
                    },
                    Bytes::from(format!("message number {i} ").repeat(20)),
                )
            })
            .collect();
        let metadata = MessageMetadata {
            producer_name: "p".into(),
            num_messages_in_batch: Some(5),
            ..Default::default()
        };
        (metadata, build_batch(&singles))
    }

    #[test]
    fn batch_split_round_trip_with_every_compression() {
        for kind in [
            CompressionType::None,
            CompressionType::Lz4,
            CompressionType::Zlib,
            CompressionType::Zstd,
            CompressionType::Snappy,
        ] {
            let (mut metadata, raw) = batch();
            let packed = compress_entry(&mut metadata, kind, &raw).unwrap();
            if kind != CompressionType::None {
                assert!(packed.len() < raw.len(), "{kind:?} did not compress");
            }
            let unpacked = decompress(&metadata, packed).unwrap();
            assert_eq!(unpacked, raw, "{kind:?}");
            let messages = split_entry(&metadata, unpacked).unwrap();
            assert_eq!(messages.len(), 5);
            let third = &messages[2];
            let single = third.single.as_ref().unwrap();
            assert_eq!(single.partition_key.as_deref(), Some("k2"));
            assert_eq!(single.event_time, Some(1002));
            assert_eq!(third.payload, Bytes::from("message number 2 ".repeat(20)));
        }
    }

    #[test]
    fn unbatched_entry_is_one_message() {
        let metadata = MessageMetadata::default();
        let messages = split_entry(&metadata, Bytes::from_static(b"x")).unwrap();
        assert_eq!(messages.len(), 1);
        assert!(messages[0].single.is_none());
    }

    #[test]
    fn truncated_batch_and_wrong_size_are_errors() {
        let (metadata, raw) = batch();
        let cut = raw.slice(..raw.len() - 3);
        assert!(split_entry(&metadata, cut)
            .unwrap_err()
            .contains("batch message 4"));
        let mut lying = metadata.clone();
        let packed = compress_entry(&mut lying, CompressionType::Lz4, &raw).unwrap();
        lying.uncompressed_size = Some(raw.len() as u32 + 5);
        assert!(decompress(&lying, packed).is_err());
    }
}
