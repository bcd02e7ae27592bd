/**
 * The server's settings as checked records: {@link dev.inferd.config.ServerConfig}, made of one
 * record per part of the server ({@code HttpSettings}, {@code PythonSettings}, ...), each with its
 * documented defaults and its ranges.
 */
package dev.inferd.config;
