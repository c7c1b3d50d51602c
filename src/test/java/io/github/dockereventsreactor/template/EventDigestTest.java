package io.github.dockereventsreactor.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.EventJson;
import org.junit.jupiter.api.Test;

/**
 * The event id is what receivers dedupe on (webhooks' Idempotency-Key, JetStream's Nats-Msg-Id)
 * across restarts and upgrades: its value is pinned, so a change to how it is made cannot pass
 * unnoticed. The expected values are SHA-256 over "length:value" of each part, first 16 bytes in
 * hex, computed apart from this code.
 */
class EventDigestTest {

  @Test
  void theIdIsTheDigestOfTheEngineAndTheEventsIdentity() throws Exception {
    assertThat(
            EventDigest.of(
                "ENGINE-1",
                EventJson.parse(
                    "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c0ffee\"},"
                        + "\"time\":1,\"timeNano\":1000000000}")))
        .isEqualTo("53709f156682e94daaaa3b7146245411");
  }

  @Test
  void eachPartIsCountedInBytesOfUtf8() throws Exception {
    assertThat(
            EventDigest.of(
                "engine-\u00e9",
                EventJson.parse(
                    "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v1\"},"
                        + "\"timeNano\":1700000000123456789}")))
        .isEqualTo("2192ee1d505f0bda95c2765741c733a9");
  }

  @Test
  void whatTheEngineMayChangeBetweenDeliveriesIsNoPartOfIt() throws Exception {
    String once =
        EventDigest.of(
            "E",
            EventJson.parse(
                "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"c1\","
                    + "\"Attributes\":{\"exitCode\":\"0\"}},\"time\":5,\"timeNano\":5000000000}"));
    String again =
        EventDigest.of(
            "E",
            EventJson.parse(
                "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"c1\","
                    + "\"Attributes\":{\"exitCode\":\"1\"}},\"scope\":\"local\",\"time\":5,"
                    + "\"timeNano\":5000000000}"));
    assertThat(again).isEqualTo(once);
  }
}
