/** Caching rendered fragments of a page, and the holes that are rendered per request inside a cached page. */
package io.outputcache.fragment;
