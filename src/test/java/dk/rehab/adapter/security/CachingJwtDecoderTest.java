package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** A verified token is verified once; its expiry still counts on every later use. */
class CachingJwtDecoderTest {
    private final Instant issued = Instant.parse("2026-12-03T08:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(issued);
    private final AtomicInteger verifications = new AtomicInteger();

    private CachingJwtDecoder decoder() {
        JwtTimestampValidator time = new JwtTimestampValidator(Duration.ofSeconds(60));
        time.setClock(new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        });
        return new CachingJwtDecoder(token -> {
            verifications.incrementAndGet();
            return Jwt.withTokenValue(token).header("alg", "ES256").subject("municipality")
                    .issuedAt(issued).notBefore(issued).expiresAt(issued.plusSeconds(300)).build();
        }, time, 100, Duration.ofMinutes(5));
    }

    @Test
    void verifiesATokenOnceAndStillHonoursItsExpiry() {
        CachingJwtDecoder decoder = decoder();
        decoder.decode("token-1");
        decoder.decode("token-1");
        now.set(issued.plusSeconds(300 + 59));
        decoder.decode("token-1");
        assertThat(verifications).hasValue(1);
        decoder.decode("token-2");
        assertThat(verifications).hasValue(2);
        now.set(issued.plusSeconds(300 + 61));
        assertThatThrownBy(() -> decoder.decode("token-1")).isInstanceOf(JwtValidationException.class);
    }
}
