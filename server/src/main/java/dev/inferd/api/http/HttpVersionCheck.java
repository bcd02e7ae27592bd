package dev.inferd.api.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Sits between Netty's HTTP decoder and Vert.x, which answers a request line whose version is
 * neither {@code HTTP/1.0} nor {@code HTTP/1.1} itself, with a bare 501 and no PROTOCOL body.
 *
 * <ul>
 *   <li>{@code HTTP/1.2} and later minor versions are served as {@code HTTP/1.1}, as RFC 9110
 *       (section 2.5) asks of a server that knows 1.1. Netty upper-cases the version, so
 *       {@code http/1.1} is served too.</li>
 *   <li>Any other version ({@code HTTP/2.0} in an HTTP/1 request line, {@code HTTP/9.9}) marks the
 *       request as one the decoder could not read, so that it reaches the server's handler of
 *       unreadable requests and gets a 400 {@code bad_request} like them.</li>
 *   <li>In a request of any other version than HTTP/1.1, a {@code Content-Length} beside
 *       {@code Transfer-Encoding: chunked} is dropped, as Netty drops it in HTTP/1.1 requests.</li>
 * </ul>
 * Netty's decoder refuses request lines whose version is not {@code HTTP/digit.digit} in any case
 * ({@code HTTPS/1.1}, {@code HTTP/1.10}) before this handler sees them.
 */
@ChannelHandler.Sharable
final class HttpVersionCheck extends ChannelInboundHandlerAdapter {
    /** Vert.x's name for its handler in every HTTP/1 connection's pipeline; this one goes just before it. */
    static final String VERTX_HANDLER = "handler";

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        // HTTP/1.1, nearly every request, passes with one comparison.
        if (message instanceof HttpRequest request && request.decoderResult().isSuccess()
                && request.protocolVersion() != HttpVersion.HTTP_1_1) {
            check(request);
        }
        context.fireChannelRead(message);
    }

    private static void check(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (!version.protocolName().equals("HTTP") || version.majorVersion() != 1) {
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
            request.setDecoderResult(DecoderResult.failure(new DecoderException(
                    version.text() + " is not a version this server speaks; it speaks HTTP/1.1 and HTTP/1.0")));
            // As after a request the decoder itself refused: nothing pipelined behind it is run.
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return;
        }
        // Only the exact spellings get Netty's constants, which Vert.x compares against: http/1.0 is 1.0.
        request.setProtocolVersion(version.minorVersion() == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1);
        // Netty drops a Content-Length sent beside Transfer-Encoding: chunked only in HTTP/1.1 requests;
        // in the others the body is still read as chunked, so the length, which bounds what the body
        // reader admits and watches, would lie. RFC 9112 (6.3): the chunked framing wins, and the
        // connection is closed after the answer.
        if (HttpUtil.isTransferEncodingChunked(request) && request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            request.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }
}
