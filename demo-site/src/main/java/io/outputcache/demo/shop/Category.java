package io.outputcache.demo.shop;

/** A shop category; {@code slug} is its URL segment ({@code /category/<slug>}). */
public record Category(String slug, String name, String tagline, int hue) {
}
