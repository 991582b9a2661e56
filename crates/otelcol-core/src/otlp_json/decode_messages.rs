//! `Message` impls mapping each OTLP logs message's JSON fields (camelCase and snake_case) onto its prost struct.

use opentelemetry_proto::tonic::collector::logs::v1::{
    ExportLogsPartialSuccess, ExportLogsServiceRequest, ExportLogsServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::{
    any_value, AnyValue, ArrayValue, EntityRef, InstrumentationScope, KeyValue, KeyValueList,
};
use opentelemetry_proto::tonic::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use opentelemetry_proto::tonic::resource::v1::Resource;
use serde::de::MapAccess;

use super::decode::{msg, repeated, Ctx, Message};
use super::decode_scalar::{
    int, BoolSeed, BytesSeed, FloatSeed, HexIdSeed, SeveritySeed, StrSeed, StringListSeed,
};

/// Implements `Message::field` from `id => "camelName" | "snake_name"` arms.
macro_rules! fields {
    ($($id:literal => $canon:literal $(| $alt:literal)*),* $(,)?) => {
        fn field(key: &str) -> Option<(u8, &'static str)> {
            match key {
                $($canon $(| $alt)* => Some(($id, $canon)),)*
                _ => None,
            }
        }
    };
}

impl Message for ExportLogsServiceRequest {
    type Out = Self;
    const NAME: &'static str = "ExportLogsServiceRequest";
    fields! { 0 => "resourceLogs" | "resource_logs" }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        _: u8,
        m: &mut A,
        c: &mut Ctx,
    ) -> Result<(), A::Error> {
        repeated::<ResourceLogsBuilder, A>(m, &mut self.resource_logs, c)
    }
    fn finish(self) -> Self {
        self
    }
}

/// ResourceLogs plus the legacy `deprecatedScopeLogs` (proto field 1000), which Go's
/// `MigrateLogs` uses in place of `scopeLogs` when the latter is empty.
#[derive(Default)]
struct ResourceLogsBuilder {
    rl: ResourceLogs,
    deprecated: Vec<ScopeLogs>,
}

impl Message for ResourceLogsBuilder {
    type Out = ResourceLogs;
    const NAME: &'static str = "ResourceLogs";
    fields! {
        0 => "resource",
        1 => "scopeLogs" | "scope_logs",
        2 => "schemaUrl" | "schema_url",
        3 => "deprecatedScopeLogs" | "deprecated_scope_logs",
    }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        id: u8,
        m: &mut A,
        c: &mut Ctx,
    ) -> Result<(), A::Error> {
        match id {
            0 => self.rl.resource = msg::<Resource, A>(m, c)?,
            1 => repeated::<ScopeLogs, A>(m, &mut self.rl.scope_logs, c)?,
            2 => self.rl.schema_url = m.next_value_seed(StrSeed)?,
            _ => repeated::<ScopeLogs, A>(m, &mut self.deprecated, c)?,
        }
        Ok(())
    }
    fn finish(mut self) -> ResourceLogs {
        if self.rl.scope_logs.is_empty() {
            self.rl.scope_logs = self.deprecated;
        }
        self.rl
    }
}

impl Message for Resource {
    type Out = Self;
    const NAME: &'static str = "Resource";
    fields! {
        0 => "attributes",
        1 => "droppedAttributesCount" | "dropped_attributes_count",
        2 => "entityRefs" | "entity_refs",
    }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        id: u8,
        m: &mut A,
        c: &mut Ctx,
    ) -> Result<(), A::Error> {
        match id {
            0 => repeated::<KeyValue, A>(m, &mut self.attributes, c)?,
            1 => self.dropped_attributes_count = m.next_value_seed(int::<u32>())?,
            _ => repeated::<EntityRef, A>(m, &mut self.entity_refs, c)?,
        }
        Ok(())
    }
    fn finish(self) -> Self {
        self
    }
}

impl Message for EntityRef {
    type Out = Self;
    const NAME: &'static str = "EntityRef";
    fields! {
        0 => "schemaUrl" | "schema_url",
        1 => "type",
        2 => "idKeys" | "id_keys",
        3 => "descriptionKeys" | "description_keys",
    }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        id: u8,
        m: &mut A,
        _: &mut Ctx,
    ) -> Result<(), A::Error> {
        match id {
            0 => self.schema_url = m.next_value_seed(StrSeed)?,
            1 => self.r#type = m.next_value_seed(StrSeed)?,
            2 => m.next_value_seed(StringListSeed(&mut self.id_keys))?,
            _ => m.next_value_seed(StringListSeed(&mut self.description_keys))?,
        }
        Ok(())
    }
    fn finish(self) -> Self {
        self
    }
}

impl Message for ScopeLogs {
    type Out = Self;
    const NAME: &'static str = "ScopeLogs";
    fields! {
        0 => "scope",
        1 => "logRecords" | "log_records",
        2 => "schemaUrl" | "schema_url",
    }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        id: u8,
        m: &mut A,
        c: &mut Ctx,
    ) -> Result<(), A::Error> {
        match id {
            0 => self.scope = msg::<InstrumentationScope, A>(m, c)?,
            1 => repeated::<LogRecord, A>(m, &mut self.log_records, c)?,
            _ => self.schema_url = m.next_value_seed(StrSeed)?,
        }
        Ok(())
    }
    fn finish(self) -> Self {
        self
    }
}

impl Message for InstrumentationScope {
    type Out = Self;
    const NAME: &'static str = "InstrumentationScope";
    fields! {
        0 => "name",
        1 => "version",
        2 => "attributes",
        3 => "droppedAttributesCount" | "dropped_attributes_count",
    }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        id: u8,
        m: &mut A,
        c: &mut Ctx,
    ) -> Result<(), A::Error> {
        match id {
            0 => self.name = m.next_value_seed(StrSeed)?,
            1 => self.version = m.next_value_seed(StrSeed)?,
            2 => repeated::<KeyValue, A>(m, &mut self.attributes, c)?,
            _ => self.dropped_attributes_count = m.next_value_seed(int::<u32>())?,
        }
        Ok(())
    }
    fn finish(self) -> Self {
        self
    }
}

impl Message for LogRecord {
    type Out = Self;
    const NAME: &'static str = "LogRecord";
    fields! {
        0 => "timeUnixNano" | "time_unix_nano",
        1 => "observedTimeUnixNano" | "observed_time_unix_nano",
        2 => "severityNumber" | "severity_number",
        3 => "severityText" | "severity_text",
        4 => "body",
        5 => "attributes",
        6 => "droppedAttributesCount" | "dropped_attributes_count",
        7 => "flags",
        8 => "traceId" | "trace_id",
        9 => "spanId" | "span_id",
        10 => "eventName" | "event_name",
    }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        id: u8,
        m: &mut A,
        c: &mut Ctx,
    ) -> Result<(), A::Error> {
        match id {
            0 => self.time_unix_nano = m.next_value_seed(int::<u64>())?,
            1 => self.observed_time_unix_nano = m.next_value_seed(int::<u64>())?,
            2 => self.severity_number = m.next_value_seed(SeveritySeed)?,
            3 => self.severity_text = m.next_value_seed(StrSeed)?,
            4 => self.body = msg::<AnyValue, A>(m, c)?,
            5 => repeated::<KeyValue, A>(m, &mut self.attributes, c)?,
            6 => self.dropped_attributes_count = m.next_value_seed(int::<u32>())?,
            7 => self.flags = m.next_value_seed(int::<u32>())?,
            8 => self.trace_id = m.next_value_seed(HexIdSeed(16))?,
            9 => self.span_id = m.next_value_seed(HexIdSeed(8))?,
            _ => self.event_name = m.next_value_seed(StrSeed)?,
        }
        Ok(())
    }
    fn finish(self) -> Self {
        self
    }
}

impl Message for KeyValue {
    type Out = Self;
    const NAME: &'static str = "KeyValue";
    fields! {
        0 => "key",
        1 => "value",
        2 => "keyStrindex" | "key_strindex",
    }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        id: u8,
        m: &mut A,
        c: &mut Ctx,
    ) -> Result<(), A::Error> {
        match id {
            0 => self.key = m.next_value_seed(StrSeed)?,
            1 => self.value = msg::<AnyValue, A>(m, c)?,
            _ => self.key_strindex = m.next_value_seed(int::<i32>())?,
        }
        Ok(())
    }
    fn finish(self) -> Self {
        self
    }
}

impl Message for AnyValue {
    type Out = Self;
    const NAME: &'static str = "AnyValue";
    fields! {
        0 => "stringValue" | "string_value",
        1 => "boolValue" | "bool_value",
        2 => "intValue" | "int_value",
        3 => "doubleValue" | "double_value",
        4 => "arrayValue" | "array_value",
        5 => "kvlistValue" | "kvlist_value",
        6 => "bytesValue" | "bytes_value",
        7 => "stringValueStrindex" | "string_value_strindex",
    }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        id: u8,
        m: &mut A,
        c: &mut Ctx,
    ) -> Result<(), A::Error> {
        use any_value::Value;
        self.value = Some(match id {
            0 => Value::StringValue(m.next_value_seed(StrSeed)?),
            1 => Value::BoolValue(m.next_value_seed(BoolSeed)?),
            2 => Value::IntValue(m.next_value_seed(int::<i64>())?),
            3 => Value::DoubleValue(m.next_value_seed(FloatSeed)?),
            4 => Value::ArrayValue(msg::<ArrayValue, A>(m, c)?.unwrap_or_default()),
            5 => Value::KvlistValue(msg::<KeyValueList, A>(m, c)?.unwrap_or_default()),
            6 => Value::BytesValue(m.next_value_seed(BytesSeed)?),
            _ => Value::StringValueStrindex(m.next_value_seed(int::<i32>())?),
        });
        Ok(())
    }
    fn finish(self) -> Self {
        self
    }
}

impl Message for ArrayValue {
    type Out = Self;
    const NAME: &'static str = "ArrayValue";
    fields! { 0 => "values" }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        _: u8,
        m: &mut A,
        c: &mut Ctx,
    ) -> Result<(), A::Error> {
        repeated::<AnyValue, A>(m, &mut self.values, c)
    }
    fn finish(self) -> Self {
        self
    }
}

impl Message for KeyValueList {
    type Out = Self;
    const NAME: &'static str = "KeyValueList";
    fields! { 0 => "values" }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        _: u8,
        m: &mut A,
        c: &mut Ctx,
    ) -> Result<(), A::Error> {
        repeated::<KeyValue, A>(m, &mut self.values, c)
    }
    fn finish(self) -> Self {
        self
    }
}

impl Message for ExportLogsServiceResponse {
    type Out = Self;
    const NAME: &'static str = "ExportLogsServiceResponse";
    fields! { 0 => "partialSuccess" | "partial_success" }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        _: u8,
        m: &mut A,
        c: &mut Ctx,
    ) -> Result<(), A::Error> {
        self.partial_success = msg::<ExportLogsPartialSuccess, A>(m, c)?;
        Ok(())
    }
    fn finish(self) -> Self {
        self
    }
}

impl Message for ExportLogsPartialSuccess {
    type Out = Self;
    const NAME: &'static str = "ExportLogsPartialSuccess";
    fields! {
        0 => "rejectedLogRecords" | "rejected_log_records",
        1 => "errorMessage" | "error_message",
    }
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        id: u8,
        m: &mut A,
        _: &mut Ctx,
    ) -> Result<(), A::Error> {
        match id {
            0 => self.rejected_log_records = m.next_value_seed(int::<i64>())?,
            _ => self.error_message = m.next_value_seed(StrSeed)?,
        }
        Ok(())
    }
    fn finish(self) -> Self {
        self
    }
}
