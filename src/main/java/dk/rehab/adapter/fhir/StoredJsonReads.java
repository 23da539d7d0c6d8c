package dk.rehab.adapter.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.ServletRequestTracing;
import ca.uhn.fhir.util.DateUtils;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import dk.rehab.adapter.security.AccessRules;
import dk.rehab.adapter.security.Caller;
import dk.rehab.adapter.security.Callers;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Read by id answered with the stored JSON of the current version, without parsing and re-encoding it: the JSON
 * a version is stored with is exactly what HAPI would send for it (same encoder, same settings), so the answer is
 * the same, byte for byte, with the same headers (ETag, Last-Modified, Content-Location, Content-Type, gzip when
 * asked for). A read then costs about a quarter of the CPU (README, Performance).
 *
 * <p>Only the plain case takes this path: {@code GET [base]/[type]/[id]} with no query string at all, for a type
 * whose read returns the stored resource unchanged ({@link StoredResourceProvider} subclasses that do not override
 * {@code read}; not EpisodeOfCare, whose usage is computed on every read), asking for JSON (no Accept header,
 * {@code *}{@code /*}, {@code application/fhir+json} or {@code application/json}), without conditional-read
 * headers. Everything else, including an id that does not exist, goes through HAPI as before. It runs at
 * {@link Pointcut#SERVER_INCOMING_REQUEST_PRE_PROCESSED}, before HAPI selects a handler, so it asks {@link AccessRules}
 * itself (the same decision the HAPI path takes) and serves only what the caller may read; an interceptor that must
 * see every read has to run before it, or the fast path must be switched off ({@code adapter.reads.stored-json=false}).
 * The audit trail is told of each read served here ({@link dk.rehab.adapter.audit.AuditContext#read}): the resource and
 * its Patient, as on the HAPI path.
 */
@Interceptor
@Component
public class StoredJsonReads {
    private static final Logger LOG = LoggerFactory.getLogger(StoredJsonReads.class);
    private static final Pattern READ = Pattern.compile("/([A-Z][A-Za-z]{1,63})/([A-Za-z0-9\\-.]{1,64})");
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String CONTENT_TYPE = "application/fhir+json;charset=UTF-8";

    private final ResourceStore store;
    private final AccessRules access;
    private final Set<String> types;
    private final boolean enabled;
    private final AtomicLong served = new AtomicLong();
    private volatile RestfulServer server;

    public StoredJsonReads(ResourceStore store, AccessRules access, List<IResourceProvider> providers,
                           @Value("${adapter.reads.stored-json:true}") boolean enabled) {
        this.store = store;
        this.access = access;
        this.types = storedReadTypes(providers);
        this.enabled = enabled;
    }

    /** Registers this with the server (unless switched off); the answers take the server's headers and base. */
    public void register(RestfulServer server) {
        this.server = server;
        if (enabled && !types.isEmpty()) {
            server.registerInterceptor(this);
        }
    }

    /** How many reads were answered here since start-up. */
    public long served() {
        return served.get();
    }

    /** Types whose read is {@link StoredResourceProvider#read} unchanged: what they return is the stored JSON. */
    static Set<String> storedReadTypes(List<IResourceProvider> providers) {
        Set<String> types = new LinkedHashSet<>();
        for (IResourceProvider provider : providers) {
            try {
                Class<?> declaring = AopUtils.getTargetClass(provider).getMethod("read", IdType.class).getDeclaringClass();
                if (declaring == StoredResourceProvider.class) {
                    types.add(provider.getResourceType().getSimpleName());
                }
            } catch (NoSuchMethodException e) {
                // not a stored-resource provider: HAPI answers its reads
            }
        }
        return Set.copyOf(types);
    }

    /** The resource types whose reads this answers. */
    public Set<String> types() {
        return types;
    }

    /** @return false when the read was answered here (HAPI then stops), true to let HAPI handle the request */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod()) || request.getQueryString() != null
                || request.getHeader("If-None-Match") != null || request.getHeader("If-Modified-Since") != null
                || !acceptsJson(request.getHeader("Accept"))) {
            return true;
        }
        String path = request.getPathInfo();
        if (path == null) {
            return true;
        }
        Matcher read = READ.matcher(path);
        if (!read.matches() || !types.contains(read.group(1))) {
            return true;
        }
        // The same decision as every other read (AccessRules); anything but a plain yes goes through HAPI, whose
        // AccessInterceptor answers the 403 or 404 from that same decision.
        Optional<Caller> caller = Callers.current();
        if (caller.isEmpty() || !access.decide(caller.get(), RestOperationTypeEnum.READ, read.group(1), read.group(2), null).allowed()) {
            return true;
        }
        Optional<StoredResource> current;
        try {
            current = store.current(read.group(1), read.group(2));
        } catch (RuntimeException e) {
            LOG.debug("stored-JSON read fell back to HAPI: {}", e.toString());
            return true; // HAPI's own read gives the proper answer (or the proper error)
        }
        if (current.isEmpty()) {
            return true; // 404 with its OperationOutcome, from HAPI
        }
        dk.rehab.adapter.audit.AuditContext.read(current.get().type(), current.get().id(), current.get().json()); // the audit trail, as for every read
        served.incrementAndGet(); // before writing: the client may act on the answer before this thread goes on
        write(request, response, current.get());
        return false;
    }

    private void write(HttpServletRequest request, HttpServletResponse response, StoredResource stored) throws IOException {
        String base = server.getServerAddressStrategy().determineServerBase(request.getServletContext(), request);
        response.setStatus(HttpServletResponse.SC_OK);
        server.addHeadersToResponse(response); // X-Powered-By, as HAPI sends it
        // The client's request id when it sent one (HAPI has checked it by now), else a new one, as HAPI does.
        String requestId = ServletRequestTracing.maybeGetRequestId(request);
        response.setHeader("X-Request-ID", requestId != null ? requestId : newRequestId());
        response.setHeader("ETag", "W/\"" + stored.version() + "\"");
        response.setHeader("Content-Location", base + "/" + stored.type() + "/" + stored.id() + "/_history/" + stored.version());
        response.setHeader("Last-Modified", DateUtils.formatDate(Date.from(stored.lastUpdated())));
        response.setContentType(CONTENT_TYPE);
        byte[] body = stored.json().getBytes(StandardCharsets.UTF_8);
        String encodings = request.getHeader("Accept-Encoding");
        if (encodings != null && encodings.toLowerCase().contains("gzip")) {
            response.setHeader("Content-Encoding", "gzip");
            try (OutputStream out = new GZIPOutputStream(response.getOutputStream())) {
                out.write(body);
            }
        } else {
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    private static String newRequestId() {
        char[] id = new char[16];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length()));
        }
        return new String(id);
    }

    /** JSON is what the client gets for these Accept headers (HAPI's default encoding here is JSON). */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            int parameters = range.indexOf(';');
            String type = (parameters < 0 ? range : range.substring(0, parameters)).trim().toLowerCase();
            if (!type.equals("*/*") && !type.equals("application/fhir+json") && !type.equals("application/json")) {
                return false;
            }
        }
        return true;
    }
}
