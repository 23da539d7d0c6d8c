package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.support.TestTokens;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TLS with Spring's {@code server.ssl.*}: the adapter started with a self-signed PKCS#12 keystore made in the test (JDK
 * keytool), and — to compare on the same server — a second, plain HTTP connector added by the test. Answers over HTTPS
 * carry {@code Strict-Transport-Security}, open ones and refusals alike; answers over plain HTTP do not (HSTS over HTTP
 * means nothing and RFC 6797 forbids it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TlsTests {
    private static final String PASSWORD = "changeit-" + UUID.randomUUID();

    protected abstract Map<String, Object> database(String name);

    private ConfigurableApplicationContext app;
    private HttpClient https;
    private int tlsPort;
    private int plainPort;

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("tls");
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "adapter", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trust.getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(ssl).build();

        Map<String, Object> p = new HashMap<>(database("it_tls_" + UUID.randomUUID().toString().substring(0, 8)));
        p.put("server.port", "0");
        p.put("server.ssl.enabled", "true");
        p.put("server.ssl.key-store", keystore.toString());
        p.put("server.ssl.key-store-type", "PKCS12");
        p.put("server.ssl.key-store-password", PASSWORD);
        p.put("server.ssl.key-alias", "adapter");
        p.put("adapter.delivery.enabled", "false");
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        app = new SpringApplicationBuilder(RehabAdapterApplication.class, PlainConnector.class).run(args);
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) app).getWebServer();
        for (Connector connector : server.getTomcat().getService().findConnectors()) {
            if (connector.getSecure()) {
                tlsPort = connector.getLocalPort();
            } else {
                plainPort = connector.getLocalPort();
            }
        }
        assertThat(tlsPort).isPositive();
        assertThat(plainPort).isPositive();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** The test's plain HTTP connector beside the TLS one of server.ssl.*. */
    @Configuration(proxyBeanMethods = false)
    static class PlainConnector {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> plainHttpConnector() {
            return factory -> {
                Connector plain = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
                plain.setPort(0);
                factory.addAdditionalTomcatConnectors(plain);
            };
        }
    }

    private HttpResponse<String> get(HttpClient client, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersOverTlsCarryStrictTransportSecurity() throws Exception {
        String base = "https://localhost:" + tlsPort;
        for (HttpResponse<String> response : List.of(get(https, base + "/fhir/metadata", null),
                get(https, base + "/fhir/Patient?_count=1", TestTokens.municipality()),
                get(https, base + "/fhir/Patient", null))) {
            assertThat(response.statusCode()).isIn(200, 401);
            assertThat(response.headers().firstValue("Strict-Transport-Security")).as(response.uri().toString())
                    .hasValueSatisfying(v -> assertThat(v).contains("max-age=").contains("includeSubDomains"));
        }
        assertThat(get(https, base + "/fhir/Patient", null).statusCode()).isEqualTo(401);
    }

    @Test
    void answersOverPlainHttpCarryNone() throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        String base = "http://localhost:" + plainPort;
        HttpResponse<String> metadata = get(plain, base + "/fhir/metadata", null);
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.headers().firstValue("Strict-Transport-Security")).isEmpty();
        HttpResponse<String> read = get(plain, base + "/fhir/Patient?_count=1", TestTokens.municipality());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(read.headers().firstValue("X-Content-Type-Options")).as("the other security headers are sent on both").contains("nosniff");
    }
}
