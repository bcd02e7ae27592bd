package dev.inferd.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;

/**
 * The server's logging, set up in code (logback finds this class as a service): the log on standard
 * output, one line per event, at {@code INFERD_LOG_LEVEL} (INFO unless set); the request log, one
 * JSON line per call, on standard output too; the chattiest libraries at WARN. Reading an XML file
 * instead took a third of a second of every start, most of it loading an XML parser.
 *
 * <p>A configuration of one's own still wins: with {@code -Dlogback.configurationFile=...}, or with
 * a {@code logback-test.xml} on the class path (the tests'), this steps aside and logback reads that.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String LEVEL_VARIABLE = "INFERD_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder(context, "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n"));
        console.start();

        // The request log's only writer is CallLog's thread, which flushes whenever it has written
        // what queued: buffered, a busy server pays no system call per line. It writes to the same
        // file descriptor as the console, not to a newly opened /dev/stdout: when standard output is
        // a file, a second opening has its own offset, and the two logs overwrite each other.
        OutputStreamAppender<ILoggingEvent> requests = new OutputStreamAppender<>();
        requests.setContext(context);
        requests.setName("requests");
        requests.setImmediateFlush(false);
        requests.setEncoder(encoder(context, "%msg%n"));
        requests.setOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024));
        requests.start();

        Logger requestLog = context.getLogger("dev.inferd.requests");
        requestLog.setLevel(Level.INFO);
        requestLog.setAdditive(false);
        requestLog.addAppender(requests);
        for (String chatty : new String[] {"com.zaxxer.hikari", "io.netty", "io.vertx"}) {
            context.getLogger(chatty).setLevel(Level.WARN);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv(LEVEL_VARIABLE), Level.INFO));
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
