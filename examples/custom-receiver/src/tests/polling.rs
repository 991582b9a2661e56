//! Polling behaviour seen from the backend and the API: every event once, in order; the
//! checkpoint moves only past delivered pages; a restart resumes where delivery stopped.

use super::*;

const SLOW_POLL: &str = "    poll_interval: 1h\n";
const FAST_POLL: &str = "    poll_interval: 20ms\n";

#[tokio::test]
async fn every_page_is_delivered_once_in_order_with_the_api_key_sent() {
    let api = Api::with_pages(&[4, 4, 3]);
    let url = serve(api.clone()).await;
    let sink = Sink::default();
    let graph = graph(&collector_yaml(&url, SLOW_POLL, None), &sink).expect("graph");
    let watch = sink.clone();
    graph
        .run(
            None,
            poll_until("11 events", move || watch.ids().len() >= 11),
        )
        .await
        .expect("runs");
    assert_eq!(sink.ids(), ids(0..11));
    assert_eq!(
        api.requests(),
        vec![None, Some("p1".into()), Some("p2".into())],
        "one request per page; the API key was accepted on each"
    );
}

#[tokio::test]
async fn failed_delivery_reads_the_same_page_again_and_never_skips_it() {
    let api = Api::with_pages(&[3, 3]);
    let url = serve(api.clone()).await;
    let sink = Sink::default();
    sink.fail_first.store(1, Ordering::SeqCst);
    let graph = graph(&collector_yaml(&url, FAST_POLL, None), &sink).expect("graph");
    let watch = sink.clone();
    graph
        .run(None, poll_until("6 events", move || watch.ids().len() >= 6))
        .await
        .expect("runs");
    assert_eq!(sink.ids(), ids(0..6), "each event delivered exactly once");
    let requests = api.requests();
    assert_eq!(
        &requests[..3],
        &[None, None, Some("p1".into())],
        "the first page was read again after its delivery failed, before moving on"
    );
}

#[tokio::test]
async fn api_error_keeps_the_checkpoint_and_is_retried() {
    let api = Api::with_pages(&[2, 2]);
    api.fail_next.store(2, Ordering::SeqCst);
    let url = serve(api.clone()).await;
    let sink = Sink::default();
    let graph = graph(&collector_yaml(&url, FAST_POLL, None), &sink).expect("graph");
    let watch = sink.clone();
    graph
        .run(None, poll_until("4 events", move || watch.ids().len() >= 4))
        .await
        .expect("runs");
    assert_eq!(sink.ids(), ids(0..4));
    assert_eq!(&api.requests()[..3], &[None, None, None]);
}

#[tokio::test]
async fn new_events_on_the_last_page_are_sent_once_at_the_next_poll() {
    let api = Api::with_pages(&[2, 2]);
    let url = serve(api.clone()).await;
    let sink = Sink::default();
    let graph = graph(&collector_yaml(&url, FAST_POLL, None), &sink).expect("graph");
    let watch = sink.clone();
    let feeder = api.clone();
    let signal = async move {
        poll_until("4 events", || watch.ids().len() >= 4).await;
        feeder.append(4..6);
        poll_until("6 events", || watch.ids().len() >= 6).await;
        // A few more polls of the same page must not send anything again.
        let polls = feeder.requests().len();
        poll_until("3 more polls", || feeder.requests().len() >= polls + 3).await;
    };
    graph.run(None, signal).await.expect("runs");
    assert_eq!(sink.ids(), ids(0..6));
}

#[tokio::test]
async fn restart_resumes_after_the_last_delivered_page_without_duplicates() {
    let state = tempfile::tempdir().expect("tempdir");
    let dir = state.path().to_str().expect("utf-8 path").to_string();
    let api = Api::with_pages(&[3, 3]);
    let url = serve(api.clone()).await;
    let extra = format!("{SLOW_POLL}    storage: file_storage\n");
    let yaml = collector_yaml(&url, &extra, Some(&dir));

    let first = Sink::default();
    let watch = first.clone();
    graph(&yaml, &first)
        .expect("graph")
        .run(None, poll_until("6 events", move || watch.ids().len() >= 6))
        .await
        .expect("first run");
    assert_eq!(first.ids(), ids(0..6));

    api.append(6..8);
    let served_before = api.requests().len();
    let second = Sink::default();
    let watch = second.clone();
    graph(&yaml, &second)
        .expect("graph")
        .run(
            None,
            poll_until("2 new events", move || watch.ids().len() >= 2),
        )
        .await
        .expect("second run");
    assert_eq!(second.ids(), ids(6..8), "only the new events, once");
    assert_eq!(
        api.requests()[served_before],
        Some("p1".into()),
        "the second run starts at the stored cursor, not the first page"
    );
}
