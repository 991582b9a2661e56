//! Config conformance rows ported from the Go collector: `config/configretry/backoff_test.go`
//! (14 rows) and `generated_config_test.go` (7), `exporterhelper/internal/queuebatch/
//! config_test.go` `TestConfig_Validate` (5), `request/sizer_test.go`
//! `TestSizeTypeUnmarshalText` (4) and `timeout_sender_test.go` (2): 32 rows; plus decoding.

use super::{validate_timeout, ExporterHelperSettings, QueueConfig, RetryConfig};
use crate::confmap::{parse_yaml, GoDuration};
use crate::factory::{decode_config, ValidateConfig};

fn default_retry() -> RetryConfig {
    RetryConfig::default()
}

fn default_queue() -> QueueConfig {
    QueueConfig::default()
}

// ---- configretry/backoff_test.go ----

#[test]
fn backoff_defaults_are_go_defaults_and_valid() {
    let cfg = default_retry();
    assert_eq!(cfg.validate(), Ok(()));
    assert!(cfg.enabled);
    assert_eq!(cfg.initial_interval, GoDuration::from_secs(5));
    assert_eq!(cfg.randomization_factor, 0.5);
    assert_eq!(cfg.multiplier, 1.5);
    assert_eq!(cfg.max_interval, GoDuration::from_secs(30));
    assert_eq!(cfg.max_elapsed_time, GoDuration::from_secs(300));
}

#[test]
fn backoff_rejects_negative_initial_interval() {
    let mut cfg = default_retry();
    cfg.initial_interval = GoDuration(-1);
    assert!(cfg.validate().is_err());
}

#[test]
fn backoff_rejects_randomization_factor_outside_zero_to_one() {
    let mut cfg = default_retry();
    cfg.randomization_factor = -1.0;
    assert!(cfg.validate().is_err());
    cfg.randomization_factor = 2.0;
    assert!(cfg.validate().is_err());
}

#[test]
fn backoff_rejects_negative_multiplier_and_accepts_zero() {
    let mut cfg = default_retry();
    cfg.multiplier = -1.0;
    assert!(cfg.validate().is_err());
    cfg.multiplier = 0.0;
    assert_eq!(cfg.validate(), Ok(()));
}

#[test]
fn backoff_rejects_negative_max_interval() {
    let mut cfg = default_retry();
    cfg.max_interval = GoDuration(-1);
    assert!(cfg.validate().is_err());
}

#[test]
fn backoff_max_elapsed_time_rules() {
    let mut cfg = default_retry();
    cfg.max_elapsed_time = GoDuration(-1);
    assert!(cfg.validate().is_err());
    cfg.max_elapsed_time = GoDuration(60);
    assert_eq!(
        cfg.validate(),
        Err("'max_elapsed_time' must not be less than 'initial_interval'".into())
    );
    cfg.initial_interval = GoDuration(0);
    assert_eq!(
        cfg.validate(),
        Err("'max_elapsed_time' must not be less than 'max_interval'".into())
    );
    cfg.max_interval = GoDuration(0);
    assert_eq!(cfg.validate(), Ok(()));
    cfg.initial_interval = GoDuration(50);
    cfg.max_elapsed_time = GoDuration(0);
    assert_eq!(cfg.validate(), Ok(()), "0 retries forever");
}

#[test]
fn backoff_disabled_with_invalid_values_is_still_an_error() {
    let cfg = RetryConfig {
        enabled: false,
        initial_interval: GoDuration(-1),
        randomization_factor: -1.0,
        multiplier: 0.0,
        max_interval: GoDuration(-1),
        max_elapsed_time: GoDuration(-1),
    };
    assert!(cfg.validate().is_err());
    assert_eq!(RetryConfig::disabled().validate(), Ok(()));
}

// ---- configretry/generated_config_test.go ----

/// A change to the default config and the message it must produce.
type Case = (fn(&mut RetryConfig), &'static str);

#[test]
fn backoff_messages_name_the_field_and_bound() {
    let cases: [Case; 6] = [
        (
            |c| c.initial_interval = GoDuration(-1),
            "initial_interval value must be greater than or equal to 0",
        ),
        (
            |c| c.max_elapsed_time = GoDuration(-1),
            "max_elapsed_time value must be greater than or equal to 0",
        ),
        (
            |c| c.max_interval = GoDuration(-1),
            "max_interval value must be greater than or equal to 0",
        ),
        (
            |c| c.multiplier = -1.0,
            "multiplier value must be greater than or equal to 0",
        ),
        (
            |c| c.randomization_factor = -1.0,
            "randomization_factor value must be greater than or equal to 0",
        ),
        (
            |c| c.randomization_factor = 2.0,
            "randomization_factor value must be less than or equal to 1",
        ),
    ];
    assert_eq!(default_retry().validate(), Ok(()));
    for (change, message) in cases {
        let mut cfg = default_retry();
        change(&mut cfg);
        let err = cfg.validate().expect_err(message);
        assert!(err.contains(message), "{err:?} should contain {message:?}");
    }
}

#[test]
fn several_backoff_errors_are_all_reported_one_per_line() {
    let mut cfg = default_retry();
    cfg.multiplier = -1.0;
    cfg.randomization_factor = 3.0;
    assert_eq!(
        cfg.validate(),
        Err("multiplier value must be greater than or equal to 0\nrandomization_factor value must be less than or equal to 1".into())
    );
}

// ---- queuebatch/config_test.go TestConfig_Validate ----

#[test]
fn queue_validation_rows() {
    assert_eq!(default_queue().validate(), Ok(()));
    let mut cfg = default_queue();
    cfg.num_consumers = 0;
    assert_eq!(
        cfg.validate(),
        Err("`num_consumers` must be positive".into())
    );
    let mut cfg = default_queue();
    cfg.queue_size = 0;
    assert_eq!(cfg.validate(), Err("`queue_size` must be positive".into()));
    let mut cfg = default_queue();
    cfg.wait_for_result = true;
    cfg.storage = Some("test".into());
    assert_eq!(
        cfg.validate(),
        Err(
            "`wait_for_result` is not supported with a persistent queue configured with `storage`"
                .into()
        )
    );
    let mut cfg = default_queue();
    cfg.sizer = "bytes".into();
    assert_eq!(cfg.validate(), Ok(()));
}

// ---- request/sizer_test.go TestSizeTypeUnmarshalText ----

#[test]
fn sizer_accepts_requests_items_bytes_and_nothing_else() {
    for sizer in ["bytes", "items", "requests"] {
        let cfg = QueueConfig {
            sizer: sizer.into(),
            ..default_queue()
        };
        assert_eq!(cfg.validate(), Ok(()), "{sizer}");
    }
    let cfg = QueueConfig {
        sizer: "invalid".into(),
        ..default_queue()
    };
    assert_eq!(cfg.validate(), Err("invalid sizer: \"invalid\"".into()));
}

// ---- timeout_sender_test.go ----

#[test]
fn timeout_must_be_non_negative() {
    assert_eq!(validate_timeout(GoDuration::from_secs(5)), Ok(()));
    assert_eq!(
        validate_timeout(GoDuration(-1)),
        Err("'timeout' must be non-negative".into())
    );
}

// ---- ours ----

#[test]
fn a_disabled_queue_is_not_validated() {
    let cfg = QueueConfig {
        enabled: false,
        num_consumers: 0,
        queue_size: -5,
        ..default_queue()
    };
    assert_eq!(cfg.validate(), Ok(()));
}

#[test]
fn storage_must_be_a_component_id() {
    let cfg = QueueConfig {
        storage: Some("file_storage/".into()),
        ..default_queue()
    };
    let err = cfg.validate().expect_err("bad id");
    assert!(err.starts_with("storage: "), "{err}");
}

#[test]
fn settings_errors_carry_the_key_prefix() {
    let mut settings = ExporterHelperSettings::passthrough();
    settings.queue = QueueConfig {
        queue_size: 0,
        ..default_queue()
    };
    assert_eq!(
        settings.validate(),
        Err("sending_queue: `queue_size` must be positive".into())
    );
    settings.queue = default_queue();
    settings.retry.multiplier = -2.0;
    assert_eq!(
        settings.validate(),
        Err("retry_on_failure: multiplier value must be greater than or equal to 0".into())
    );
}

#[test]
fn every_key_decodes_from_yaml() {
    let yaml = "
enabled: true
num_consumers: 4
queue_size: 5000
sizer: items
block_on_overflow: true
wait_for_result: false
storage: file_storage/otc
batch: {flush_timeout: 1s, min_size: 100}
";
    let cfg: QueueConfig =
        decode_config(&parse_yaml("q.yaml", yaml).expect("yaml")).expect("decodes");
    assert_eq!(cfg.num_consumers, 4);
    assert_eq!(cfg.queue_size, 5000);
    assert_eq!(cfg.sizer, "items");
    assert!(cfg.blocks_on_overflow());
    assert_eq!(cfg.storage.as_deref(), Some("file_storage/otc"));
    let yaml = "
enabled: true
initial_interval: 1s
randomization_factor: 0.1
multiplier: 2
max_interval: 10s
max_elapsed_time: 0
";
    let cfg: RetryConfig =
        decode_config(&parse_yaml("r.yaml", yaml).expect("yaml")).expect("decodes");
    assert_eq!(cfg.initial_interval, GoDuration::from_secs(1));
    assert_eq!(cfg.multiplier, 2.0);
    assert!(cfg.max_elapsed_time.is_zero());
    let unknown = decode_config::<QueueConfig>(&parse_yaml("q.yaml", "size: 3").expect("yaml"));
    assert!(unknown.is_err());
}
