package dev.inferd.api.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
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
 * </ul>
 */
@ChannelHandler.Sharable
final class HttpVersionCheck extends ChannelInboundHandlerAdapter {
    /** Vert.x's name for its handler in every HTTP/1 connection's pipeline; this one goes just before it. */
    static final String VERTX_HANDLER = "handler";

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            HttpVersion version = request.protocolVersion();
            if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
                boolean http1 = version.protocolName().equals("HTTP") && version.majorVersion() == 1;
                if (http1 && version.minorVersion() == 0) {
                    request.setProtocolVersion(HttpVersion.HTTP_1_0);
                } else {
                    request.setProtocolVersion(HttpVersion.HTTP_1_1);
                    if (!http1) {
                        request.setDecoderResult(DecoderResult.failure(new DecoderException(
                                version.text() + " is not a version this server speaks; it speaks HTTP/1.1 and HTTP/1.0")));
                    }
                }
            }
        }
        context.fireChannelRead(message);
    }
}
