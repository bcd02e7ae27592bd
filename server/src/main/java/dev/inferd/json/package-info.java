/**
 * How inferd reads and writes JSON: parse limits, the exact-number settings of the protocol, the
 * NaN-to-null rule, and value equality for deploy-time tests.
 */
package dev.inferd.json;
