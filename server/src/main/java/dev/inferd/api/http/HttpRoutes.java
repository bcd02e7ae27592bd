package dev.inferd.api.http;

import io.vertx.ext.web.Router;

/** A part of the HTTP API that puts its routes on the server's router. */
public interface HttpRoutes {
    void mount(Router router);
}
