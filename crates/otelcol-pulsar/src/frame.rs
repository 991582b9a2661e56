//! Pulsar framing: `[totalSize][cmdSize][BaseCommand]` and, for SEND/MESSAGE, the payload section
//! `[0x0e01][crc32c][metadataSize][MessageMetadata][payload]`; a tokio codec shared by the client
//! and the `apisim` broker double.

use crate::proto::{BaseCommand, MessageMetadata};
use bytes::{Buf, BufMut, Bytes, BytesMut};
use prost::Message;
use tokio_util::codec::{Decoder, Encoder};

/// Default largest message a broker accepts (`maxMessageSize`).
pub const DEFAULT_MAX_MESSAGE_SIZE: usize = 5 * 1024 * 1024;
/// Room for the command and metadata on top of the largest message.
pub const FRAME_HEADROOM: usize = 10 * 1024;
const MAGIC_CRC32C: u16 = 0x0e01;
const MAGIC_BROKER_ENTRY_METADATA: u16 = 0x0e02;

/// The metadata and the (possibly compressed, possibly batched) payload of one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    pub metadata: MessageMetadata,
    pub data: Bytes,
}

/// One frame: a command and, for SEND and MESSAGE, its payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub command: BaseCommand,
    pub payload: Option<Payload>,
}

impl Frame {
    pub fn command(command: BaseCommand) -> Frame {
        Frame {
            command,
            payload: None,
        }
    }
}

impl From<BaseCommand> for Frame {
    fn from(command: BaseCommand) -> Frame {
        Frame::command(command)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("frame of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("malformed frame: {0}")]
    Malformed(String),
    #[error("payload checksum mismatch (expected {expected:#010x}, computed {computed:#010x})")]
    Checksum { expected: u32, computed: u32 },
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

/// The frame codec; `max_frame_size` bounds `totalSize`.
#[derive(Debug, Clone)]
pub struct PulsarCodec {
    pub max_frame_size: usize,
}

impl Default for PulsarCodec {
    fn default() -> Self {
        PulsarCodec {
            max_frame_size: DEFAULT_MAX_MESSAGE_SIZE + FRAME_HEADROOM,
        }
    }
}

impl Decoder for PulsarCodec {
    type Item = Frame;
    type Error = FrameError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Frame>, FrameError> {
        if src.len() < 4 {
            return Ok(None);
        }
        let total = u32::from_be_bytes([src[0], src[1], src[2], src[3]]) as usize;
        if total > self.max_frame_size {
            return Err(FrameError::TooLarge {
                size: total,
                limit: self.max_frame_size,
            });
        }
        if src.len() < 4 + total {
            src.reserve(4 + total - src.len());
            return Ok(None);
        }
        src.advance(4);
        let frame = src.split_to(total).freeze();
        decode_frame(frame).map(Some)
    }
}

/// Decodes one frame body (what follows `totalSize`).
pub fn decode_frame(mut frame: Bytes) -> Result<Frame, FrameError> {
    if frame.len() < 4 {
        return Err(FrameError::Malformed(
            "frame shorter than its command size".into(),
        ));
    }
    let cmd_size = frame.get_u32() as usize;
    if cmd_size > frame.len() {
        return Err(FrameError::Malformed(format!(
            "command size {cmd_size} exceeds the frame ({} bytes left)",
            frame.len()
        )));
    }
    let command = BaseCommand::decode(frame.split_to(cmd_size))
        .map_err(|e| FrameError::Malformed(format!("command: {e}")))?;
    if frame.is_empty() {
        return Ok(Frame::command(command));
    }
    let payload = decode_payload(frame)?;
    Ok(Frame {
        command,
        payload: Some(payload),
    })
}

fn decode_payload(mut rest: Bytes) -> Result<Payload, FrameError> {
    if rest.len() >= 2 && u16::from_be_bytes([rest[0], rest[1]]) == MAGIC_BROKER_ENTRY_METADATA {
        rest.advance(2);
        let size = read_size(&mut rest, "broker entry metadata")?;
        rest.advance(size);
    }
    if rest.len() >= 2 && u16::from_be_bytes([rest[0], rest[1]]) == MAGIC_CRC32C {
        rest.advance(2);
        if rest.len() < 4 {
            return Err(FrameError::Malformed(
                "payload shorter than its checksum".into(),
            ));
        }
        let expected = rest.get_u32();
        let computed = crc32c(&rest);
        if expected != computed {
            return Err(FrameError::Checksum { expected, computed });
        }
    }
    let size = read_size(&mut rest, "message metadata")?;
    let metadata = MessageMetadata::decode(rest.split_to(size))
        .map_err(|e| FrameError::Malformed(format!("message metadata: {e}")))?;
    Ok(Payload {
        metadata,
        data: rest,
    })
}

fn read_size(rest: &mut Bytes, what: &str) -> Result<usize, FrameError> {
    if rest.len() < 4 {
        return Err(FrameError::Malformed(format!("{what} size missing")));
    }
    let size = rest.get_u32() as usize;
    if size > rest.len() {
        return Err(FrameError::Malformed(format!(
            "{what} size {size} exceeds the {} bytes left",
            rest.len()
        )));
    }
    Ok(size)
}

impl Encoder<Frame> for PulsarCodec {
    type Error = FrameError;

    fn encode(&mut self, frame: Frame, dst: &mut BytesMut) -> Result<(), FrameError> {
        let cmd_len = frame.command.encoded_len();
        let payload_section = frame.payload.as_ref().map(|p| {
            let meta_len = p.metadata.encoded_len();
            let mut section = BytesMut::with_capacity(4 + meta_len + p.data.len());
            section.put_u32(meta_len as u32);
            // Encoding into a BytesMut with enough capacity cannot fail.
            let _ = p.metadata.encode(&mut section);
            section.put_slice(&p.data);
            section
        });
        let payload_len = payload_section.as_ref().map_or(0, |s| 2 + 4 + s.len());
        let total = 4 + cmd_len + payload_len;
        if total > self.max_frame_size {
            return Err(FrameError::TooLarge {
                size: total,
                limit: self.max_frame_size,
            });
        }
        dst.reserve(4 + total);
        dst.put_u32(total as u32);
        dst.put_u32(cmd_len as u32);
        frame
            .command
            .encode(dst)
            .map_err(|e| FrameError::Malformed(format!("encode command: {e}")))?;
        if let Some(section) = payload_section {
            dst.put_u16(MAGIC_CRC32C);
            dst.put_u32(crc32c(&section));
            dst.put_slice(&section);
        }
        Ok(())
    }
}

/// CRC-32C (Castagnoli), as Pulsar uses for payload checksums.
pub fn crc32c(data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [0u32; 256];
        for (i, slot) in table.iter_mut().enumerate() {
            let mut crc = i as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0x82F6_3B78
                } else {
                    crc >> 1
                };
            }
            *slot = crc;
        }
        table
    });
    let mut crc = !0u32;
    for &b in data {
        crc = table[((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::{CommandFlow, CommandType};

    #[test]
    fn crc32c_known_vectors() {
        assert_eq!(crc32c(b""), 0);
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32c(&[0u8; 32]), 0x8A91_36AA);
    }

    #[test]
    fn command_frame_round_trip() {
        let mut cmd = BaseCommand::of(CommandType::Flow);
        cmd.flow = Some(CommandFlow {
            consumer_id: 7,
            message_permits: 1000,
        });
        let mut buf = BytesMut::new();
        let mut codec = PulsarCodec::default();
        codec.encode(Frame::command(cmd.clone()), &mut buf).unwrap();
        // A partial frame decodes to nothing yet.
        let mut partial = BytesMut::from(&buf[..buf.len() - 1]);
        assert!(codec.decode(&mut partial).unwrap().is_none());
        let frame = codec.decode(&mut buf).unwrap().unwrap();
        assert_eq!(frame.command, cmd);
        assert!(frame.payload.is_none());
        assert!(buf.is_empty());
    }

    #[test]
    fn payload_frame_round_trip_and_checksum() {
        let cmd = BaseCommand::of(CommandType::Send);
        let payload = Payload {
            metadata: MessageMetadata {
                producer_name: "p".into(),
                sequence_id: 3,
                publish_time: 1_700_000_000_000,
                ..Default::default()
            },
            data: Bytes::from_static(b"hello"),
        };
        let mut codec = PulsarCodec::default();
        let mut buf = BytesMut::new();
        codec
            .encode(
                Frame {
                    command: cmd.clone(),
                    payload: Some(payload.clone()),
                },
                &mut buf,
            )
            .unwrap();
        let mut corrupted = buf.clone();
        let last = corrupted.len() - 1;
        corrupted[last] ^= 0xff;
        let frame = codec.decode(&mut buf).unwrap().unwrap();
        assert_eq!(frame.payload, Some(payload));
        assert!(matches!(
            codec.decode(&mut corrupted),
            Err(FrameError::Checksum { .. })
        ));
    }

    #[test]
    fn oversized_frames_are_refused() {
        let mut codec = PulsarCodec { max_frame_size: 64 };
        let mut buf = BytesMut::new();
        buf.put_u32(65);
        assert!(matches!(
            codec.decode(&mut buf),
            Err(FrameError::TooLarge {
                size: 65,
                limit: 64
            })
        ));
        let frame = Frame {
            command: BaseCommand::of(CommandType::Send),
            payload: Some(Payload {
                metadata: MessageMetadata::default(),
                data: Bytes::from(vec![0u8; 100]),
            }),
        };
        assert!(matches!(
            codec.encode(frame, &mut BytesMut::new()),
            Err(FrameError::TooLarge { .. })
        ));
    }

    #[test]
    fn truncated_command_is_malformed() {
        let mut buf = BytesMut::new();
        buf.put_u32(8);
        buf.put_u32(100);
        buf.put_u32(0);
        assert!(matches!(
            PulsarCodec::default().decode(&mut buf),
            Err(FrameError::Malformed(_))
        ));
    }
}
