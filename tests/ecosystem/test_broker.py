"""The embedded broker writes whole messages atomically and hands each to one reader."""

import threading

from kombu import Connection

from ecosystem import broker  # noqa: F401  (registers safefs://)


def _connection(folder):
    return Connection(
        "safefs://",
        transport_options={
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "control_folder": str(folder / "control"),
        },
    )


def _folders(tmp_path):
    (tmp_path / "queue").mkdir()
    (tmp_path / "control").mkdir()


def test_a_message_put_is_got_back_whole(tmp_path):
    _folders(tmp_path)
    with _connection(tmp_path) as connection:
        queue = connection.SimpleQueue("jobs")
        queue.put({"n": 1})
        message = queue.get(timeout=2)
        assert message.payload == {"n": 1}
        message.ack()
        queue.close()


def test_a_half_written_message_is_never_read(tmp_path):
    _folders(tmp_path)
    # What a writer leaves while writing: a temporary file that readers must ignore.
    (tmp_path / "queue" / "incoming-abc.part").write_bytes(b'{"trunc')
    with _connection(tmp_path) as connection:
        channel = connection.default_channel
        try:
            channel._get("jobs")
        except Exception as error:  # Empty
            assert type(error).__name__ == "Empty"
        else:
            raise AssertionError("a temporary file was read as a message")


def test_many_concurrent_writers_and_readers_lose_and_duplicate_nothing(tmp_path):
    _folders(tmp_path)
    sent = list(range(200))
    received = []
    lock = threading.Lock()

    def write(values):
        with _connection(tmp_path) as connection:
            channel = connection.channel()
            for value in values:
                channel._put("jobs", {"value": value})

    def read():
        with _connection(tmp_path) as connection:
            channel = connection.channel()
            misses = 0
            while misses < 50:
                try:
                    payload = channel._get("jobs")
                except Exception:
                    misses += 1
                    threading.Event().wait(0.01)
                    continue
                with lock:
                    received.append(payload["value"])

    writers = [threading.Thread(target=write, args=(sent[i::4],)) for i in range(4)]
    readers = [threading.Thread(target=read) for _ in range(3)]
    for thread in writers + readers:
        thread.start()
    for thread in writers + readers:
        thread.join(timeout=60)

    assert sorted(received) == sent
