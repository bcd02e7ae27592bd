/**
 * The {@code inferd} command line (picocli): {@code serve} runs the server, {@code deploy} and
 * {@code call} talk to a running one. Options can also come from {@code INFERD_*} variables.
 */
package dev.inferd.cli;
