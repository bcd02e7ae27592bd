/**
 * The {@code inferd} command line (picocli): {@code serve} runs the server; {@code deploy},
 * {@code call}, {@code list}, {@code versions}, {@code alias}, {@code delete} and {@code logs} talk
 * to a running one over HTTP; {@code keys} works on a data directory; {@code migrate-to} copies a data directory's state into PostgreSQL. Options can also come from
 * {@code INFERD_*} variables.
 */
package dev.inferd.cli;
