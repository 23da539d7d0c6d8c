package dk.rehab.adapter.fhir;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

/**
 * HAPI logs every exception an interceptor throws at ERROR, with its stack trace, before it answers it — also the
 * 401, 403 and 404 answers the adapter's interceptors give on purpose (access rules, request checks): one ERROR line
 * and a stack trace per refused request would bury real faults and fill the log of a server on a network. This drops
 * exactly those events: from HAPI's interceptor service, carrying an answer of status below 500. Every other event of
 * that logger (a fault in an interceptor, a 5xx) is logged as before; the refusals themselves are in the audit trail.
 */
@Component
public class QuietRefusals extends TurboFilter {
    static final String HAPI_INTERCEPTORS = "ca.uhn.fhir.interceptor.executor.BaseInterceptorService";

    @PostConstruct
    void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            setName("quiet-refusals");
            start();
            context.addTurboFilter(this);
        }
    }

    @PreDestroy
    void uninstall() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getTurboFilterList().remove(this);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null || !HAPI_INTERCEPTORS.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t != null ? t : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
        return thrown instanceof BaseServerResponseException answer && answer.getStatusCode() < 500 ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
