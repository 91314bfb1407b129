package io.outputcache.internal.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;

import java.util.Enumeration;

/**
 * An existing session as a watched render sees it: reading an attribute or the id tells {@link IdentityWatch}
 * that the page used its user's identity. Obtaining the session alone does not: Thymeleaf builds a web session
 * object for every exchange, which calls {@code getSession(false)} whether the template reads it or not.
 */
final class WatchedSession implements HttpSession {
    private final HttpSession session;
    private final Runnable used;

    WatchedSession(HttpSession session, Runnable used) {
        this.session = session;
        this.used = used;
    }

    @Override
    public Object getAttribute(String name) {
        used.run();
        return session.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        used.run();
        return session.getAttributeNames();
    }

    @Override
    public String getId() {
        used.run();
        return session.getId();
    }

    @Override
    public long getCreationTime() {
        return session.getCreationTime();
    }

    @Override
    public long getLastAccessedTime() {
        return session.getLastAccessedTime();
    }

    @Override
    public ServletContext getServletContext() {
        return session.getServletContext();
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        session.setMaxInactiveInterval(interval);
    }

    @Override
    public int getMaxInactiveInterval() {
        return session.getMaxInactiveInterval();
    }

    @Override
    public void setAttribute(String name, Object value) {
        session.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        session.removeAttribute(name);
    }

    @Override
    public void invalidate() {
        session.invalidate();
    }

    @Override
    public boolean isNew() {
        return session.isNew();
    }
}
