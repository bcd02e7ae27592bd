/**
 * What web pages can and cannot make a user's browser do to a local inferd (PROTOCOL §7,
 * docs/security.md "Browsers"): each rule sent from a real server the way a browser would send it.
 */
package dev.inferd.api.http.browsers;
