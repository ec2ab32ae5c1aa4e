//! The websocket kata's spec. One file, two crates: `cargo test -p kata-websocket` runs it
//! against the kata, `cargo test -p solution-websocket` against the reference solution.
//!
//! These runs are real: the learner's server listens on `127.0.0.1`, and the spec's clients
//! (tokio-tungstenite, on a thread of their own) talk to it over TCP on the real clock. Wall time
//! on a loaded machine says little on its own, so the checks judge what the clients recorded —
//! who got which messages, in what order, how each connection ended, what came before what —
//! and the connections the server held open. Where time matters, it is an order of events (every
//! fast client was served before the slow one sent again) or a bound far past a correct run
//! (a second to close, where a correct server needs milliseconds).
//!
//! Every wait in a scene has a limit, so a server that deadlocks only makes the clients wait
//! in vain and the check says what they missed; one that blocks or spins its thread is named by
//! the runner within [`BUSY_LIMIT`].

use std::future::Future;
use std::time::Duration;

use futures_util::future::join_all;
use kata_harness::prelude::*;
use kata_harness::websocket::{Arena, Client, ClientOpts, Ending, HANDSHAKE_LIMIT, QUEUE, Seen};

use crate::subject;

/// Real time the server's thread may be busy, in all, before the run counts as stuck: a correct
/// run keeps it busy for milliseconds.
const BUSY_LIMIT: Duration = secs(4);

/// How long a client waits for messages it should get: a correct server relays them in
/// milliseconds.
const PATIENCE: Duration = ms(1500);

/// How long the echo kata's slow client pauses between its two messages.
const SLOW_PAUSE: Duration = ms(1500);

/// How long a server has, after `shutdown`, to close every connection and return.
const SHUTDOWN_LIMIT: Duration = secs(1);

/// How many of the messages it missed a slow reader may still get when it reads again: the
/// server's [`QUEUE`], and as much again for what the sockets' buffers and the server's writer
/// hold (a few dozen kilobytes: about 20 of these 2 KB messages, measured).
const SLOW_READER_MOST: usize = QUEUE + QUEUE / 2;

const DEADLOCK_HINT: &str = "a member waiting for something that never comes: a lock held across an \
     `.await`, a channel nobody sends on";

const HEADING: &str = "real time, what each client sent and received";

// ---------------------------------------------------------------------------------------------
// Running a server against a scene of clients

/// What a run came to.
struct Ran<T> {
    /// What the scene returned; `None` if the run's deadline came first.
    scene: Option<T>,
    /// When the server's future returned, if it did.
    returned: Option<Duration>,
    /// Connections the server still held open when the scene ended.
    open_at_end: usize,
    /// Real time the run took.
    took: Duration,
}

/// Runs `server` on a fresh runtime on the real clock while `scene` plays on the clients'
/// thread, until the scene ends (or `limit`, a backstop: every wait in a scene has its own).
fn run<T, S, Fut, F>(arena: &Arena, limit: Duration, server: S, scene: F) -> Ran<T>
where
    S: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + 'static,
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let sim = Sim::new(limit + secs(3))
        .real_time()
        .busy_limit(BUSY_LIMIT)
        .recorder(arena.recorder())
        .deadlock_hint(DEADLOCK_HINT);
    let arena = arena.clone();
    let run = simulate(sim, move || async move {
        let start = std::time::Instant::now();
        let scene = arena.play(scene);
        let server = server();
        let deadline = tokio::time::sleep(limit);
        tokio::pin!(scene, server, deadline);
        let mut returned = None;
        let out = loop {
            tokio::select! {
                out = &mut scene => break out,
                () = &mut server, if returned.is_none() => returned = Some(arena.now()),
                () = &mut deadline => break None,
            }
        };
        (out, returned, arena.open_now(), start.elapsed())
    });
    let (scene, returned, open_at_end, took) = run.value;
    Ran {
        scene,
        returned,
        open_at_end,
        took,
    }
}

/// Connects a client and says its name, as the room's protocol asks.
async fn join(arena: &Arena, name: &str, opts: ClientOpts) -> Option<Client> {
    let mut client = arena.connect(name, opts).await.ok()?;
    client.send(name).await;
    Some(client)
}

/// Fails, saying what the clients saw.
fn fail(arena: &Arena, failure: Failure, end: Duration) -> ! {
    failure.timeline_headed(HEADING, arena.picture(end)).fail()
}

/// A server that never accepted anything explains every other failure.
fn never_accepted(arena: &Arena, took: Duration) {
    if arena.accepted() == 0 {
        fail(
            arena,
            Failure::new("the server never accepted a connection")
                .measured(format!(
                    "{} clients tried to connect; the listener accepted none in {}",
                    arena.seen().len(),
                    fmt_duration(took)
                ))
                .expected("every client accepted, and its handshake done, within milliseconds")
                .why("a client's connection waits in the listener's backlog until the server calls `accept`")
                .hint("call `listener.accept().await` in a loop, from the moment the server starts"),
            took,
        );
    }
}

/// A run that never reached its end.
fn unfinished(arena: &Arena, what: &str, took: Duration) -> ! {
    fail(
        arena,
        Failure::new(format!("{what} never finished"))
            .measured(format!(
                "the clients' scene was still running after {}; the server accepted {} connections and holds {} open",
                fmt_duration(took),
                arena.accepted(),
                arena.open_now()
            ))
            .expected("every client done in a few seconds: each of their waits has a limit")
            .why("the clients run on a thread of their own, so only a server that keeps its thread from the clients' results can stop them ending")
            .hint(DEADLOCK_HINT),
        took,
    )
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — echo

fn echo_names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("c{i}")).collect()
}

/// A client that sends `count` messages and waits for them to come back, then closes.
async fn echo_client(arena: Arena, name: String, count: usize) {
    let Ok(mut client) = arena.connect(&name, ClientOpts::NORMAL).await else {
        return;
    };
    for k in 1..=count {
        client.send(format!("{name} says {k}")).await;
    }
    client.wait_until(PATIENCE, |seen| seen.got.len() >= count).await;
    client.close(ms(500)).await;
}

fn problem1_echo_each_gets_its_own_back() {
    let (listener, _shutdown, arena) = Arena::open();
    let scene = {
        let arena = arena.clone();
        async move {
            join_all(
                echo_names(20)
                    .into_iter()
                    .map(|name| echo_client(arena.clone(), name, 5)),
            )
            .await
        }
    };
    let ran = run(&arena, secs(10), move || subject::echo(listener), scene);
    never_accepted(&arena, ran.took);
    if ran.scene.is_none() {
        unfinished(&arena, "echo", ran.took);
    }
    let seen = arena.seen();
    for client in &seen {
        if client.got != client.sent {
            let measured = match client.got.iter().find(|got| !client.sent.contains(got)) {
                Some(stray) => format!("{} got a message it never sent: {stray:?}", client.name),
                None => format!(
                    "{} sent {} and got back {}",
                    client.name,
                    shown(&client.sent, 5),
                    shown(&client.got, 5)
                ),
            };
            fail(
                &arena,
                Failure::new(format!("{} did not get its own messages back", client.name))
                    .measured(measured)
                    .expected("each client gets back exactly what it sent, in the order sent")
                    .why("an echo server answers each message on the connection it came from")
                    .hint("read from a client's WebSocket and send each text message back on the same one"),
                ran.took,
            );
        }
    }
}

fn problem1_echo_serves_everyone_at_once() {
    const CLIENTS: usize = 50;
    let (listener, _shutdown, arena) = Arena::open();
    let scene = {
        let arena = arena.clone();
        async move {
            let clients = join_all(
                echo_names(CLIENTS)
                    .iter()
                    .map(|name| arena.connect(name, ClientOpts::NORMAL)),
            )
            .await;
            let mut clients: Vec<Client> = clients.into_iter().flatten().collect();
            let connected = clients.len();
            join_all(clients.iter_mut().map(|client| async move {
                let name = client.name().to_owned();
                client.send(format!("{name} is here")).await;
                client.wait_until(PATIENCE, |seen| !seen.got.is_empty()).await;
            }))
            .await;
            join_all(clients.into_iter().map(|client| client.close(ms(500)))).await;
            connected
        }
    };
    let ran = run(&arena, secs(15), move || subject::echo(listener), scene);
    never_accepted(&arena, ran.took);
    let Some(connected) = ran.scene else {
        unfinished(&arena, "echo", ran.took)
    };
    if connected < CLIENTS || arena.most_open() < CLIENTS {
        fail(
            &arena,
            Failure::new("not every client was served at once")
                .measured(format!(
                    "{CLIENTS} clients connected together; {connected} finished their handshake within {} each, and the \
                     server held at most {} connection{} open at once",
                    fmt_duration(HANDSHAKE_LIMIT),
                    arena.most_open(),
                    if arena.most_open() == 1 { "" } else { "s" }
                ))
                .expected(format!("all {CLIENTS} connections open together, each handshake done in milliseconds"))
                .why(
                    "a server that serves a connection to its end before it accepts the next keeps every other client \
                     in the listener's backlog, waiting, for as long as the first one stays",
                )
                .hint("what asyncio's `websockets.serve` does for you: each connection's handler runs as a task of its own"),
            ran.took,
        );
    }
}

fn problem1_echo_slow_sender_delays_no_one() {
    const FAST: usize = 20;
    let (listener, _shutdown, arena) = Arena::open();
    let scene = {
        let arena = arena.clone();
        async move {
            let slow = {
                let arena = arena.clone();
                async move {
                    let Ok(mut slow) = arena.connect("slow", ClientOpts::NORMAL).await else {
                        return;
                    };
                    slow.send("slow says 1").await;
                    slow.wait_until(PATIENCE, |seen| !seen.got.is_empty()).await;
                    tokio::time::sleep(SLOW_PAUSE).await;
                    slow.send("slow says 2").await;
                    slow.wait_until(PATIENCE + SLOW_PAUSE, |seen| seen.got.len() >= 2).await;
                    slow.close(ms(500)).await;
                }
            };
            let fast = async {
                // Once the slow client is in.
                tokio::time::sleep(ms(100)).await;
                join_all(
                    echo_names(FAST)
                        .into_iter()
                        .map(|name| echo_client(arena.clone(), name, 5)),
                )
                .await;
            };
            tokio::join!(slow, fast);
        }
    };
    let ran = run(&arena, secs(15), move || subject::echo(listener), scene);
    never_accepted(&arena, ran.took);
    if ran.scene.is_none() {
        unfinished(&arena, "echo", ran.took);
    }
    let seen = arena.seen();
    let Some(slow) = seen.iter().find(|c| c.name == "slow") else {
        return;
    };
    let paused_at = slow.sent_at.first().copied().unwrap_or_default();
    let resumed_at = slow.sent_at.get(1).copied().unwrap_or(ran.took);
    let late: Vec<&Seen> = seen
        .iter()
        .filter(|c| c.name != "slow")
        .filter(|c| c.got.len() < 5 || c.got_at.last().is_some_and(|&at| at > resumed_at))
        .collect();
    if !late.is_empty() {
        let first = late[0];
        let when = match first.got_at.last() {
            Some(at) if first.got.len() >= 5 => format!("its last echo came at {}", fmt_duration(*at)),
            _ => format!("it got {} of its 5 echoes", first.got.len()),
        };
        fail(
            &arena,
            Failure::new("a slow client delayed the others")
                .measured(format!(
                    "\"slow\" sent one message at {} and its next at {}; {} of the {FAST} other clients were not \
                     served before that — {}: {when}",
                    fmt_duration(paused_at),
                    fmt_duration(resumed_at),
                    late.len(),
                    first.name
                ))
                .expected(format!(
                    "every other client's 5 echoes during slow's {} pause: each needs milliseconds",
                    fmt_duration(SLOW_PAUSE)
                ))
                .why("while a server waits on one connection's next message, it must still be serving every other")
                .hint("give each connection a task of its own, so that waiting on one is not waiting for all"),
            ran.took,
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — broadcast

/// How many members talk in the room, and how many messages each says.
const MEMBERS: usize = 4;
const SAYS: usize = 20;

fn member_names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("c{i}")).collect()
}

/// The members join one after another (each once the others have heard it come in, or after
/// [`PATIENCE`]), then all talk at once.
async fn room_scene(arena: Arena) -> Vec<Client> {
    let mut members: Vec<Client> = Vec::new();
    for name in member_names(MEMBERS) {
        let Some(member) = join(&arena, &name, ClientOpts::NORMAL).await else {
            continue;
        };
        let joined = format!("{name} joined");
        join_all(
            members
                .iter()
                .map(|earlier| earlier.wait_until(ms(300), |seen| seen.got.contains(&joined))),
        )
        .await;
        members.push(member);
    }
    for k in 1..=SAYS {
        for member in &mut members {
            member.send(format!("m{k}")).await;
        }
        tokio::time::sleep(ms(5)).await;
    }
    join_all(members.iter().map(|member| {
        let name = member.name().to_owned();
        member.wait_until(PATIENCE, move |seen| {
            member_names(MEMBERS)
                .iter()
                .filter(|other| **other != name)
                .all(|other| seen.got.contains(&format!("{other}: m{SAYS}")))
        })
    }))
    .await;
    members
}

/// What `name` should have heard from `other`, in order.
fn said_by(other: &str) -> Vec<String> {
    (1..=SAYS).map(|k| format!("{other}: m{k}")).collect()
}

fn problem2_broadcast_reaches_every_other_client() {
    let (listener, shutdown, arena) = Arena::open();
    let scene = {
        let arena = arena.clone();
        async move {
            let members = room_scene(arena).await;
            join_all(members.into_iter().map(|member| member.close(ms(500)))).await;
        }
    };
    let ran = run(&arena, secs(15), move || subject::chat(listener, shutdown), scene);
    never_accepted(&arena, ran.took);
    if ran.scene.is_none() {
        unfinished(&arena, "chat", ran.took);
    }
    let seen = arena.seen();
    for client in &seen {
        let own: Vec<&String> = client
            .got
            .iter()
            .filter(|got| said_by(&client.name).contains(got))
            .collect();
        if !own.is_empty() {
            fail(
                &arena,
                Failure::new(format!("{} got its own messages back", client.name))
                    .measured(format!(
                        "{} got {} of its own {SAYS} messages back (first: {:?}), and {} from the others",
                        client.name,
                        own.len(),
                        own[0],
                        client.got.iter().filter(|got| got.contains(": m")).count() - own.len()
                    ))
                    .expected(format!(
                        "each member gets every *other* member's messages ({} × {SAYS}), and none of its own",
                        MEMBERS - 1
                    ))
                    .why("in a chat room you see what others say; what you said you already know")
                    .hint("publish what a member says to every other member's connection: the room needs to know who is in it"),
                ran.took,
            );
        }
        for other in member_names(MEMBERS).iter().filter(|other| **other != client.name) {
            let expected = said_by(other);
            let heard: Vec<&String> = client.got.iter().filter(|got| expected.contains(got)).collect();
            if heard.len() != expected.len() || heard.iter().zip(&expected).any(|(a, b)| *a != b) {
                let measured = if heard.len() < expected.len() {
                    format!("{} heard {} of {other}'s {SAYS} messages", client.name, heard.len())
                } else {
                    format!(
                        "{} heard {other}'s messages as {}, not in the order sent",
                        client.name,
                        shown(&heard, 6)
                    )
                };
                fail(
                    &arena,
                    Failure::new(format!("{} did not hear everything {other} said", client.name))
                        .measured(measured)
                        .expected(format!(
                            "every member hears each other member's {SAYS} messages, as `\"{{name}}: {{message}}\"`, \
                             in the order they were sent"
                        ))
                        .why("a broadcast is every message to every other member; one sender's order is kept when one task relays it")
                        .hint("when a member says something, hand it to every other member's connection"),
                    ran.took,
                );
            }
        }
    }
}

fn problem2_broadcast_announces_joins_and_leaves() {
    let (listener, shutdown, arena) = Arena::open();
    let scene = {
        let arena = arena.clone();
        async move {
            let mut members = room_scene(arena).await;
            let leaving = members.pop();
            if let Some(leaving) = leaving {
                let left = format!("{} left", leaving.name());
                leaving.close(ms(500)).await;
                join_all(
                    members
                        .iter()
                        .map(|member| member.wait_until(PATIENCE, |seen| seen.got.contains(&left))),
                )
                .await;
            }
            join_all(members.into_iter().map(|member| member.close(ms(500)))).await;
        }
    };
    let ran = run(&arena, secs(15), move || subject::chat(listener, shutdown), scene);
    never_accepted(&arena, ran.took);
    if ran.scene.is_none() {
        unfinished(&arena, "chat", ran.took);
    }
    let names = member_names(MEMBERS);
    let last = &names[MEMBERS - 1];
    for (i, name) in names.iter().enumerate().take(MEMBERS - 1) {
        let Some(seen) = arena.seen_by(name) else { continue };
        let missing: Vec<String> = names[i + 1..]
            .iter()
            .map(|later| format!("{later} joined"))
            .chain([format!("{last} left")])
            .filter(|line| !seen.got.contains(line))
            .collect();
        if !missing.is_empty() {
            fail(
                &arena,
                Failure::new(format!("{name} was not told who came and went"))
                    .measured(format!(
                        "{name} never got {}; it got {}",
                        shown(&missing, 4),
                        shown(seen.got.iter().filter(|g| !g.contains(": m")).collect::<Vec<_>>(), 6)
                    ))
                    .expected(format!(
                        "\"{{name}} joined\" to everyone in the room when a member has said its name, and \"{{name}} left\" \
                         when it goes ({last} closes politely here)"
                    ))
                    .why("members only know who is listening if the room tells them")
                    .hint("announce a member's arrival once its name is in, and its departure when its connection's loop ends, however it ends"),
                ran.took,
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — a slow reader

const TALKERS: usize = 4;
const TALKS: usize = 100;
/// Each talker's message is about 2 KB, so that the sockets' buffers hold few of them.
const PADDING: usize = 2000;

struct SlowScene {
    /// When the talkers had sent everything.
    talked: Duration,
    /// What each talker had heard before the slow reader read again.
    heard: Vec<Seen>,
    /// The slow reader, having read again.
    slow: Option<Seen>,
}

async fn slow_scene(arena: Arena) -> SlowScene {
    let mut talkers = Vec::new();
    for name in member_names(TALKERS) {
        if let Some(talker) = join(&arena, &name, ClientOpts::NORMAL).await {
            talkers.push(talker);
        }
    }
    let slow = join(&arena, "slow", ClientOpts::SLOW).await;
    join_all(
        talkers
            .iter()
            .map(|talker| talker.wait_until(ms(500), |seen| seen.got.iter().any(|g| g == "slow joined"))),
    )
    .await;
    if let Some(slow) = &slow {
        slow.pause();
    }
    let padding = ".".repeat(PADDING);
    join_all(talkers.iter_mut().map(|talker| {
        let padding = &padding;
        async move {
            for k in 1..=TALKS {
                talker.send(format!("m{k} {padding}")).await;
                tokio::time::sleep(ms(10)).await;
            }
        }
    }))
    .await;
    let talked = arena.now();
    let expected = (TALKERS - 1) * TALKS;
    join_all(
        talkers
            .iter()
            .map(|talker| talker.wait_until(PATIENCE, |seen| talk_lines(seen) >= expected)),
    )
    .await;
    let heard = talkers.iter().map(Client::seen).collect();
    let slow = match slow {
        Some(slow) => {
            slow.resume();
            slow.drain(ms(300), secs(3)).await;
            let seen = slow.seen();
            drop(slow);
            Some(seen)
        }
        None => None,
    };
    join_all(talkers.into_iter().map(|talker| talker.close(ms(500)))).await;
    SlowScene { talked, heard, slow }
}

/// The talk a client heard from the others (its own, sent back, does not count).
fn talk_lines(seen: &Seen) -> usize {
    let own = format!("{}: ", seen.name);
    seen.got
        .iter()
        .filter(|g| g.contains(": m") && !g.starts_with(&own))
        .count()
}

fn problem3_slow_reader_others_on_time() {
    let (listener, shutdown, arena) = Arena::open();
    let ran = run(
        &arena,
        secs(20),
        move || subject::chat(listener, shutdown),
        slow_scene(arena.clone()),
    );
    never_accepted(&arena, ran.took);
    let Some(scene) = ran.scene else {
        unfinished(&arena, "chat", ran.took)
    };
    let expected = (TALKERS - 1) * TALKS;
    for seen in &scene.heard {
        let name = &seen.name;
        let heard = talk_lines(seen);
        if heard < expected {
            let last = seen.got_at.last().copied().unwrap_or_default();
            fail(
                &arena,
                Failure::new(format!("{name} stopped hearing the room while one member was not reading"))
                    .measured(format!(
                        "{TALKERS} talkers sent {TALKS} messages each (done at {}), and \"slow\" read nothing; {name} \
                         heard {heard} of the {expected} others' messages, the last at {}, and none in the {} after",
                        fmt_duration(scene.talked),
                        fmt_duration(last),
                        fmt_duration((scene.talked + PATIENCE).saturating_sub(last))
                    ))
                    .expected(format!(
                        "every talker hears all {expected}, as it would without \"slow\": a few milliseconds each"
                    ))
                    .why(
                        "a send to a client that does not read waits once its socket's buffers are full; whoever awaits \
                         that send waits too — and if it is the one relaying to everyone, everyone does",
                    )
                    .hint("let no member's relaying wait on another member's socket: each connection's sending belongs to its own task"),
                ran.took,
            );
        }
    }
}

fn problem3_slow_reader_memory_bounded() {
    let (listener, shutdown, arena) = Arena::open();
    let ran = run(
        &arena,
        secs(20),
        move || subject::chat(listener, shutdown),
        slow_scene(arena.clone()),
    );
    never_accepted(&arena, ran.took);
    let Some(scene) = ran.scene else {
        unfinished(&arena, "chat", ran.took)
    };
    let Some(slow) = scene.slow else { return };
    // If the room stalled while "slow" did not read, what it kept is in the sockets, not the
    // server: the other check of this problem says so.
    if scene.heard.iter().any(|seen| talk_lines(seen) < (TALKERS - 1) * TALKS) {
        return;
    }
    let sent = TALKERS * TALKS;
    let got = talk_lines(&slow);
    if got > SLOW_READER_MOST {
        fail(
            &arena,
            Failure::new("the server kept everything for a client that did not read")
                .measured(format!(
                    "\"slow\" stopped reading while the others said {sent} messages of 2 KB; when it read again it got \
                     {got} of them{}",
                    if got >= sent { ", every one" } else { "" }
                ))
                .expected(format!(
                    "at most {SLOW_READER_MOST}: the server's queue of {QUEUE} (`QUEUE`), and as much again for the \
                     sockets' buffers — past that, its oldest messages dropped, or the client closed"
                ))
                .why(
                    "what a client does not read piles up somewhere; a queue without a bound grows with every message, \
                     for as long as the client stays — memory the server never gets back",
                )
                .hint("bound each member's queue at `QUEUE`, and decide what goes when it is full: the oldest messages, or the member"),
            ran.took,
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — goodbye

fn problem4_goodbye_vanished_client() {
    let (listener, shutdown, arena) = Arena::open();
    let scene =
        {
            let arena = arena.clone();
            async move {
                let mut members = Vec::new();
                for name in ["c1", "c2", "gone", "c4"] {
                    let opts = if name == "gone" {
                        ClientOpts::VANISHING
                    } else {
                        ClientOpts::NORMAL
                    };
                    if let Some(member) = join(&arena, name, opts).await {
                        members.push(member);
                    }
                }
                join_all(
                    members
                        .iter()
                        .filter(|member| member.name() != "c4")
                        .map(|member| member.wait_until(ms(500), |seen| seen.got.iter().any(|g| g == "c4 joined"))),
                )
                .await;
                let open_before = arena.open_now();
                if let Some(at) = members.iter().position(|m| m.name() == "gone") {
                    members.remove(at).vanish();
                }
                join_all(
                    members
                        .iter()
                        .map(|member| member.wait_until(PATIENCE, |seen| seen.got.iter().any(|g| g == "gone left"))),
                )
                .await;
                if let Some(c1) = members.first_mut() {
                    c1.send("still there?").await;
                }
                join_all(members.iter().skip(1).map(|member| {
                    member.wait_until(PATIENCE, |seen| seen.got.iter().any(|g| g == "c1: still there?"))
                }))
                .await;
                let task_ended = arena.open_at_most(open_before.saturating_sub(1), PATIENCE).await;
                let open_after = arena.open_now();
                join_all(members.into_iter().map(|member| member.close(ms(500)))).await;
                (open_before, open_after, task_ended)
            }
        };
    let ran = run(&arena, secs(15), move || subject::chat(listener, shutdown), scene);
    never_accepted(&arena, ran.took);
    let Some((open_before, open_after, task_ended)) = ran.scene else {
        unfinished(&arena, "chat", ran.took)
    };
    for name in ["c2", "c4"] {
        let Some(seen) = arena.seen_by(name) else { continue };
        if !seen.got.iter().any(|g| g == "c1: still there?") {
            fail(
                &arena,
                Failure::new("the room went quiet after a client vanished")
                    .measured(format!(
                        "\"gone\" reset its connection without a close frame; then c1 said \"still there?\", and {name} \
                         never heard it in {}",
                        fmt_duration(PATIENCE)
                    ))
                    .expected("the others keep talking as before: a vanished client is one member fewer, nothing more")
                    .why("a reset connection makes that member's next read fail; it must end that member, not the room")
                    .hint("treat an error from a member's stream like its end: that member leaves, the room goes on"),
                ran.took,
            );
        }
        if !seen.got.iter().any(|g| g == "gone left") {
            fail(
                &arena,
                Failure::new("a client that vanished was never announced as gone")
                    .measured(format!(
                        "\"gone\" reset its connection without a close frame; {name} never got \"gone left\" in {}",
                        fmt_duration(PATIENCE)
                    ))
                    .expected("\"gone left\", as when a member closes politely: a departure is a departure")
                    .why("`next()` on a reset connection gives `Some(Err(…))`: a loop that returns early on it (`?`) skips the goodbye")
                    .hint("announce the departure after the member's loop, whichever way the loop ended"),
                ran.took,
            );
        }
    }
    if !task_ended {
        fail(
            &arena,
            Failure::new("a vanished client's connection was kept open")
                .measured(format!(
                    "the server held {open_before} connections before \"gone\" vanished, and still {open_after} {} later",
                    fmt_duration(PATIENCE)
                ))
                .expected(format!("{} : the vanished client's task ends, and drops its connection", open_before - 1))
                .why("a task that never learns its client is gone keeps its socket, and its memory, for the life of the server")
                .hint("end the member's task when its stream ends or fails, and the writer with it"),
            ran.took,
        );
    }
}

fn problem4_goodbye_shutdown_closes_everyone() {
    let (listener, shutdown, arena) = Arena::open();
    let scene = {
        let arena = arena.clone();
        async move {
            let mut members = Vec::new();
            for name in member_names(MEMBERS) {
                if let Some(member) = join(&arena, &name, ClientOpts::NORMAL).await {
                    members.push(member);
                }
            }
            let last = format!("c{MEMBERS} joined");
            join_all(
                members
                    .iter()
                    .take(MEMBERS - 1)
                    .map(|member| member.wait_until(ms(500), |seen| seen.got.contains(&last))),
            )
            .await;
            arena.shut_down();
            join_all(
                members
                    .iter()
                    .map(|member| member.wait_until(SHUTDOWN_LIMIT + ms(500), |seen| seen.ending.is_some())),
            )
            .await;
        }
    };
    let ran = run(&arena, secs(15), move || subject::chat(listener, shutdown), scene);
    never_accepted(&arena, ran.took);
    if ran.scene.is_none() {
        unfinished(&arena, "chat", ran.took);
    }
    let down = arena.shutdown_at().unwrap_or_default();
    let returned = ran.returned.map(|at| at.saturating_sub(down));
    let no_frame: Vec<String> = arena
        .seen()
        .iter()
        .filter(|seen| !matches!(seen.ending, Some((at, Ending::CloseFrame(_))) if at <= down + SHUTDOWN_LIMIT))
        .map(|seen| match &seen.ending {
            Some((at, ending)) => format!(
                "{} ({ending:?} after {})",
                seen.name,
                fmt_duration(at.saturating_sub(down))
            ),
            None => format!("{} (still open)", seen.name),
        })
        .collect();
    if !no_frame.is_empty() {
        fail(
            &arena,
            Failure::new("not every client got a close frame at shutdown")
                .measured(format!(
                    "shutdown came at {}; no close frame within {} for {}; chat {}",
                    fmt_duration(down),
                    fmt_duration(SHUTDOWN_LIMIT),
                    shown(&no_frame, 4),
                    match returned {
                        Some(after) => format!("returned {} after it", fmt_duration(after)),
                        None => "never returned".into(),
                    }
                ))
                .expected(format!(
                    "a close frame to every client, and `chat` returned, within {} of `shutdown`",
                    fmt_duration(SHUTDOWN_LIMIT)
                ))
                .why(
                    "a close frame tells a client the server is going on purpose (asyncio's `websockets` sends code \
                     1001, going away); a connection simply dropped looks like a crash",
                )
                .hint("when `shutdown` resolves, stop accepting and tell every member's task to close (a `watch` or `broadcast` channel); each sends `Message::Close`"),
            ran.took,
        );
    }
    match returned {
        Some(after) if after <= SHUTDOWN_LIMIT => {}
        _ => fail(
            &arena,
            Failure::new("chat did not return after shutdown")
                .measured(match returned {
                    Some(after) => format!("chat returned {} after shutdown", fmt_duration(after)),
                    None => format!("chat was still running {} after shutdown", fmt_duration(ran.took.saturating_sub(down))),
                })
                .expected(format!("chat returns within {} of `shutdown`", fmt_duration(SHUTDOWN_LIMIT)))
                .why("whoever stops a server waits for it to finish; one that never returns has to be killed")
                .hint("select on `shutdown` beside `accept`, and once the members have closed (or a deadline passed), return"),
            ran.took,
        ),
    }
    if ran.open_at_end > 0 {
        fail(
            &arena,
            Failure::new("chat returned with connections still open")
                .measured(format!(
                    "{} connections were still held open after chat returned",
                    ran.open_at_end
                ))
                .expected("none: every member's task ended before chat returns")
                .why("a task left running after its server returned holds a socket nobody will close")
                .hint("keep the members' tasks in a `JoinSet` and wait for them (with a deadline) before returning"),
            ran.took,
        );
    }
}

kata_harness::spec! {
    problem1_echo_each_gets_its_own_back,
    problem1_echo_serves_everyone_at_once,
    problem1_echo_slow_sender_delays_no_one,
    problem2_broadcast_reaches_every_other_client,
    problem2_broadcast_announces_joins_and_leaves,
    problem3_slow_reader_others_on_time,
    problem3_slow_reader_memory_bounded,
    problem4_goodbye_vanished_client,
    problem4_goodbye_shutdown_closes_everyone,
}
