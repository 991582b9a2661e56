//! gRPC status classification (Go `otlpexporter` `processError`/`shouldRetry`): Canceled,
//! DeadlineExceeded, Aborted, OutOfRange, Unavailable and DataLoss are retryable,
//! ResourceExhausted only with a `RetryInfo` detail, whose delay throttles the next attempt.

use crate::rpc_status::Status as RpcStatus;
use otelcol_core::ExportError;
use tonic::Code;

/// Go's name of a gRPC code (`codes.Code.String()`).
pub(crate) fn code_name(code: Code) -> &'static str {
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "Canceled",
        Code::Unknown => "Unknown",
        Code::InvalidArgument => "InvalidArgument",
        Code::DeadlineExceeded => "DeadlineExceeded",
        Code::NotFound => "NotFound",
        Code::AlreadyExists => "AlreadyExists",
        Code::PermissionDenied => "PermissionDenied",
        Code::ResourceExhausted => "ResourceExhausted",
        Code::FailedPrecondition => "FailedPrecondition",
        Code::Aborted => "Aborted",
        Code::OutOfRange => "OutOfRange",
        Code::Unimplemented => "Unimplemented",
        Code::Internal => "Internal",
        Code::Unavailable => "Unavailable",
        Code::DataLoss => "DataLoss",
        Code::Unauthenticated => "Unauthenticated",
    }
}

fn should_retry(code: Code, has_retry_info: bool) -> bool {
    match code {
        Code::Cancelled
        | Code::DeadlineExceeded
        | Code::Aborted
        | Code::OutOfRange
        | Code::Unavailable
        | Code::DataLoss => true,
        Code::ResourceExhausted => has_retry_info,
        _ => false,
    }
}

/// The failed call as an export error (`Ok` for a status of OK).
pub(crate) fn classify(status: &tonic::Status) -> Result<(), ExportError> {
    if status.code() == Code::Ok {
        return Ok(());
    }
    let message = format!(
        "rpc error: code = {} desc = {}",
        code_name(status.code()),
        status.message()
    );
    let retry_info = RpcStatus::from_proto(status.details()).and_then(|s| s.retry_info());
    if !should_retry(status.code(), retry_info.is_some()) {
        return Err(ExportError::Permanent(message));
    }
    match retry_info.map(|r| r.delay()) {
        Some(delay) if !delay.is_zero() => Err(ExportError::Throttled { delay, message }),
        _ => Err(ExportError::Retryable(message)),
    }
}
