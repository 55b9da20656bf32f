package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.Serdes;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.JoinWindows;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.StreamJoined;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Windowed stream-stream joins by example: ad impressions joined with the clicks on them within
 * ten minutes, through the real runtime.
 */
class StreamJoinExamplesTest {
  private static final long MIN = 60_000;
  private static final JoinWindows TEN_MINUTES =
      JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(10));

  private static StreamsConfig config() {
    return StreamsConfig.builder("ads")
        .defaultKeySerde(Serdes.String())
        .defaultValueSerde(Serdes.String())
        .build();
  }

  private static TestInputTopic<String, String> in(TopologyTestDriver d, String topic) {
    return d.createInputTopic(topic, Serdes.String().serializer(), Serdes.String().serializer());
  }

  private static TestOutputTopic<String, String> out(TopologyTestDriver d) {
    return d.createOutputTopic("out", Serdes.String().deserializer(),
        Serdes.String().deserializer());
  }

  private static List<String> read(TestOutputTopic<String, String> out) {
    return out.readRecordsToList().stream()
        .map(r -> r.key() + "=" + r.value() + "@" + r.timestamp() / MIN).toList();
  }

  private static String show(String impression, String click) {
    return impression + "/" + click;
  }

  @Test
  void impressionsJoinClicksWithinTenMinutes() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions");
    KStream<String, String> clicks = b.stream("clicks");
    impressions.join(clicks, StreamJoinExamplesTest::show, TEN_MINUTES).to("out");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, String> imp = in(d, "impressions");
      TestInputTopic<String, String> clk = in(d, "clicks");
      TestOutputTopic<String, String> out = out(d);
      imp.pipeInput("ad1", "i1", 0);
      imp.pipeInput("ad2", "i2", MIN);
      assertEquals(List.of(), read(out));
      clk.pipeInput("ad1", "c1", 5 * MIN);
      assertEquals(List.of("ad1=i1/c1@5"), read(out));
      // a second click on ad1 within the window joins again; ad2's click comes too late
      clk.pipeInput("ad1", "c1b", 9 * MIN);
      clk.pipeInput("ad2", "c2", 30 * MIN);
      assertEquals(List.of("ad1=i1/c1b@9"), read(out));
      // an impression after the click joins it too: the window reaches both ways
      imp.pipeInput("ad2", "i2b", 35 * MIN);
      assertEquals(List.of("ad2=i2b/c2@35"), read(out));
    }
  }

  @Test
  void leftJoinEmitsAnUnclickedImpressionOnceItsWindowHasClosed() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions");
    impressions.leftJoin(b.stream("clicks"), StreamJoinExamplesTest::show, TEN_MINUTES)
        .to("out");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, String> imp = in(d, "impressions");
      TestInputTopic<String, String> clk = in(d, "clicks");
      TestOutputTopic<String, String> out = out(d);
      imp.pipeInput("ad1", "i1", 0);
      imp.pipeInput("ad2", "i2", MIN);
      clk.pipeInput("ad1", "c1", 5 * MIN);
      assertEquals(List.of("ad1=i1/c1@5"), read(out));
      // stream time 11:00 is exactly i2's window end: a click at 11:00 could still join it
      clk.pipeInput("ad3", "c3", 11 * MIN);
      assertEquals(List.of(), read(out));
      clk.pipeInput("ad3", "c3b", 11 * MIN + 1);
      assertEquals(List.of("ad2=i2/null@1"), read(out));
      // i1 had a click: never a null result for it, however far time moves
      imp.pipeInput("ad4", "i4", 60 * MIN);
      assertEquals(List.of(), read(out));
    }
  }

  @Test
  void outerJoinEmitsUnmatchedRecordsOfBothSidesInTimestampOrder() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions");
    impressions.outerJoin(b.stream("clicks"), StreamJoinExamplesTest::show, TEN_MINUTES)
        .to("out");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, String> imp = in(d, "impressions");
      TestInputTopic<String, String> clk = in(d, "clicks");
      TestOutputTopic<String, String> out = out(d);
      clk.pipeInput("ad2", "c2", 2 * MIN);
      imp.pipeInput("ad1", "i1", 3 * MIN);
      clk.pipeInput("ad0", "c0", 4 * MIN);
      imp.pipeInput("ad9", "i9", 30 * MIN);
      assertEquals(List.of("ad2=null/c2@2", "ad1=i1/null@3", "ad0=null/c0@4"), read(out));
    }
  }

  @Test
  void beforeAndAfterBoundTheWindowOnEachSide() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions");
    // clicks count only if they come after the impression, within 10 minutes
    impressions.join(b.stream("clicks"), StreamJoinExamplesTest::show,
        TEN_MINUTES.before(Duration.ZERO)).to("out");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, String> imp = in(d, "impressions");
      TestInputTopic<String, String> clk = in(d, "clicks");
      TestOutputTopic<String, String> out = out(d);
      clk.pipeInput("ad1", "early", 20 * MIN);
      imp.pipeInput("ad1", "i1", 21 * MIN);
      clk.pipeInput("ad1", "c1", 31 * MIN);
      clk.pipeInput("ad1", "c2", 32 * MIN);
      assertEquals(List.of("ad1=i1/c1@31"), read(out));
    }
  }

  @Test
  void lateRecordsAndNullKeysOrValuesAreSkippedAndCounted() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions");
    impressions.leftJoin(b.stream("clicks"), StreamJoinExamplesTest::show,
        JoinWindows.ofTimeDifferenceAndGrace(Duration.ofMinutes(10), Duration.ofMinutes(2)))
        .to("out");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, String> imp = in(d, "impressions");
      TestInputTopic<String, String> clk = in(d, "clicks");
      TestOutputTopic<String, String> out = out(d);
      imp.pipeInput("ad1", "i1", 10 * MIN);
      clk.pipeInput("ad2", "c2", 20 * MIN);
      // 2 minutes behind stream time: within grace, so it joins
      clk.pipeInput("ad1", "c1", 18 * MIN);
      // more than 2 minutes behind: late, it neither joins nor waits for a partner
      imp.pipeInput("ad2", "late", 17 * MIN);
      imp.pipeInput(null, "no key", 20 * MIN);
      imp.pipeInput("ad3", null, 20 * MIN);
      assertEquals(List.of("ad1=i1/c1@18"), read(out));
      assertEquals(3, d.metrics().recordsSkipped());
      imp.pipeInput("ad5", "i5", 60 * MIN);
      assertEquals(List.of(), read(out), "the late impression never gets a null result");
    }
  }

  @Test
  void aStreamJoinsItself() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> events = b.stream("impressions");
    events.join(events, (x, y) -> x + "+" + y,
        JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(1))).to("out");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, String> imp = in(d, "impressions");
      TestOutputTopic<String, String> out = out(d);
      imp.pipeInput("u", "a", 0);
      assertEquals(List.of("u=a+a@0"), read(out));
      imp.pipeInput("u", "b", MIN);
      assertEquals(Set.of("u=b+a@1", "u=a+b@1", "u=b+b@1"), Set.copyOf(read(out)));
      imp.pipeInput("u", "c", 2 * MIN + 1);
      // b at 1:00 is just outside c's one-minute window
      assertEquals(List.of("u=c+c@2"), read(out));
    }
  }

  @Test
  void aKeyChangedUpstreamIsRepartitionedBeforeTheJoin() {
    StreamsBuilder b = new StreamsBuilder();
    // impressions arrive keyed by user; the value holds the ad id
    KStream<String, String> byAd = b.<String, String>stream("impressions")
        .selectKey((user, ad) -> ad);
    byAd.join(b.stream("clicks"), (ad, click) -> ad + "/" + click, TEN_MINUTES,
        StreamJoined.<String, String, String>as("ad-clicks").withName("by-ad")).to("out");
    Topology t = b.build();
    String described = t.describe();
    assertTrue(described.contains("<application.id>-by-ad-left-repartition (repartition)"),
        described);
    assertTrue(!described.contains("by-ad-right-repartition"), described);
    try (TopologyTestDriver d = new TopologyTestDriver(t, config())) {
      in(d, "impressions").pipeInput("user7", "ad1", 0);
      in(d, "clicks").pipeInput("ad1", "c1", MIN);
      assertEquals(List.of("ad1=ad1/c1@1"), read(out(d)));
    }
  }

  @Test
  void aRekeyedStreamJoinsItselfThroughTwoRepartitionTopics() {
    StreamsBuilder b = new StreamsBuilder();
    // page views keyed by session; joined per user with the user's other views within a minute
    KStream<String, String> byUser = b.<String, String>stream("impressions")
        .selectKey((session, user) -> user);
    byUser.join(byUser, (x, y) -> x + "+" + y,
        JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(1)),
        StreamJoined.<String, String, String>with(null, null, null).withName("views"))
        .to("out");
    Topology t = b.build();
    assertTrue(t.describe().contains("views-left-repartition")
        && t.describe().contains("views-right-repartition"), t.describe());
    try (TopologyTestDriver d = new TopologyTestDriver(t, config())) {
      TestInputTopic<String, String> imp = in(d, "impressions");
      imp.pipeInput("s1", "u", 0);
      imp.pipeInput("s2", "u", MIN);
      imp.pipeInput("s3", "v", MIN);
      assertEquals(List.of("u=u+u@0", "u=u+u@1", "u=u+u@1", "u=u+u@1", "v=v+v@1"),
          read(out(d)).stream().sorted().toList());
    }
  }

  @Test
  void describeShowsTheJoinProcessorsAndBothBuffers() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions");
    impressions.outerJoin(b.stream("clicks"), StreamJoinExamplesTest::show, TEN_MINUTES,
        StreamJoined.<String, String, String>with(null, null, null).withName("ad-clicks")
            .withLoggingDisabled()).to("out");
    Topology t = b.build();
    String described = t.describe();
    List<String> stores = List.of("ad-clicks-this-join-store", "ad-clicks-other-join-store",
        "ad-clicks-join-stream-time");
    for (String node : List.of("ad-clicks-this-join", "ad-clicks-other-join")) {
      assertTrue(described.contains("Processor: " + node + " (stores: " + stores + ")"),
          described);
    }
    assertTrue(described.contains("ad-clicks-merge"), described);
    for (String s : stores) {
      assertTrue(described.contains("Store: " + s + " (caching: on, changelog: off"), described);
      assertTrue(t.toDot().contains("\"ad-clicks-this-join\" -> \"store:" + s + "\""),
          t.toDot());
    }
    assertTrue(described.contains("Internal topics: none"), described);
  }

  @Test
  void storeNamesAndChangelogsFollowStreamJoined() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions");
    impressions.join(b.stream("clicks"), StreamJoinExamplesTest::show, TEN_MINUTES,
        StreamJoined.as("ad-clicks")).to("out");
    String described = b.build().describe();
    assertTrue(described.contains("<application.id>-ad-clicks-this-join-store-changelog"),
        described);
    assertTrue(described.contains("<application.id>-ad-clicks-other-join-store-changelog"),
        described);
    assertTrue(described.contains("KSTREAM-JOINTHIS-"), described);
  }

  @Test
  void joinWindowsRejectImpossibleWindowsWithClearMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMillis(-1)));
    assertTrue(e.getMessage().contains("timeDifference must be >= 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> JoinWindows.ofTimeDifferenceAndGrace(Duration.ofSeconds(1), Duration.ofMillis(-5)));
    assertTrue(e.getMessage().contains("grace must be >= 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TEN_MINUTES.before(Duration.ofMinutes(-11)));
    assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TEN_MINUTES.after(Duration.ofDays(365L * 1_000_000_000)));
    assertTrue(e.getMessage().contains("too long"), e.getMessage());
    JoinWindows w = TEN_MINUTES.before(Duration.ofMinutes(-5));
    assertEquals(-5 * MIN, w.beforeMs());
    assertEquals(10 * MIN, w.afterMs());
    assertEquals(5 * MIN, w.sizeMs());
  }

  @Test
  void aNegativeBeforeJoinsOnlyLaterPartners() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions");
    // clicks from 5 to 10 minutes after the impression
    impressions.leftJoin(b.stream("clicks"), StreamJoinExamplesTest::show,
        TEN_MINUTES.before(Duration.ofMinutes(-5))).to("out");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, String> imp = in(d, "impressions");
      TestInputTopic<String, String> clk = in(d, "clicks");
      TestOutputTopic<String, String> out = out(d);
      imp.pipeInput("ad1", "i1", 0);
      clk.pipeInput("ad1", "too-soon", 4 * MIN);
      clk.pipeInput("ad1", "c1", 6 * MIN);
      assertEquals(List.of("ad1=i1/c1@6"), read(out));
      imp.pipeInput("ad2", "i2", 6 * MIN);
      clk.pipeInput("ad0", "x", 17 * MIN);
      assertEquals(List.of("ad2=i2/null@6"), read(out));
    }
  }

  @Test
  void streamsOfDifferentBuildersCannotBeJoined() {
    KStream<String, String> a = new StreamsBuilder().stream("a");
    KStream<String, String> c = new StreamsBuilder().stream("c");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> a.join(c, (x, y) -> x + y, TEN_MINUTES));
    assertTrue(e.getMessage().contains("different StreamsBuilders"), e.getMessage());
    assertThrows(NullPointerException.class, () -> a.join(a, null, TEN_MINUTES));
  }

  @Test
  void joinedValuesAreKeyedLikeTheInputs() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions");
    impressions.join(b.stream("clicks"), StreamJoinExamplesTest::show, TEN_MINUTES)
        .groupByKey().count().toStream().mapValues(String::valueOf).to("out");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      in(d, "impressions").pipeInput("ad1", "i1", 0);
      in(d, "clicks").pipeInput("ad1", "c1", MIN);
      in(d, "clicks").pipeInput("ad1", "c2", 2 * MIN);
      assertEquals(List.of(KeyValue.pair("ad1", "1"), KeyValue.pair("ad1", "2")),
          out(d).readKeyValuesToList());
    }
  }
}
