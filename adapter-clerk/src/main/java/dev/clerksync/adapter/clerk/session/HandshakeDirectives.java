package dev.clerksync.adapter.clerk.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Set-Cookie} directives a handshake hands over: Clerk's Frontend API cannot set cookies
 * on the application's domain itself, so it gives the application complete {@code Set-Cookie}
 * header values ({@code __session}, {@code __client_uat}, {@code __clerk_db_jwt}, clearing ones...)
 * to send on its behalf.
 */
final class HandshakeDirectives {

    /**
     * Clerk sends a handful; the bound keeps a hostile or broken answer from turning into a response
     * with thousands of headers.
     */
    static final int MAXIMUM_DIRECTIVES = 64;
    /** Browsers keep at most 4096 bytes per cookie; a directive is that plus its attributes. */
    static final int MAXIMUM_DIRECTIVE_LENGTH = 8 * 1024;

    private static final Pattern IP_LITERAL = Pattern.compile("\\[.*]|[0-9.]+");

    private HandshakeDirectives() {
    }

    /**
     * The directives of a parsed JSON array: a list of at most {@value #MAXIMUM_DIRECTIVES} strings, each
     * a cookie {@code name=value} (with attributes) and free of control characters. Empty when the
     * value is anything else: a directive with a line break would end the {@code Set-Cookie} header
     * and start another header of its author's choosing.
     */
    static Optional<List<String>> from(Object json) {
        if (!(json instanceof List<?> list) || list.size() > MAXIMUM_DIRECTIVES) {
            return Optional.empty();
        }
        List<String> directives = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String directive) || !isSetCookieValue(directive)) {
                return Optional.empty();
            }
            directives.add(directive);
        }
        return Optional.of(List.copyOf(directives));
    }

    /** The cookie a directive sets: the text before its first {@code =}, trimmed (Clerk's {@code getCookieName}). */
    static String cookieName(String directive) {
        String pair = nameValuePair(directive);
        int equals = pair.indexOf('=');
        return (equals < 0 ? pair : pair.substring(0, equals)).strip();
    }

    /**
     * Directives that delete {@code name} wherever Clerk's Frontend API may have put it. A cookie is
     * only deleted by a {@code Set-Cookie} of the same name, path and domain, and the handshake
     * cookies are set by the Frontend API for the application's registrable domain, which only the
     * public-suffix list can tell. So the cookie is deleted for the host itself and for each parent
     * domain of at least two labels; browsers ignore the ones naming a public suffix (such as
     * {@code co.uk}). An IP address or single-label host ({@code localhost}) has no parent domain.
     */
    static List<String> deleting(String name, String host) {
        List<String> directives = new ArrayList<>();
        directives.add(name + "=; Path=/; Max-Age=0");
        String domain = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (IP_LITERAL.matcher(domain).matches()) {
            return directives;
        }
        while (domain.indexOf('.') > 0) {
            directives.add(name + "=; Path=/; Domain=" + domain + "; Max-Age=0");
            domain = domain.substring(domain.indexOf('.') + 1);
        }
        return directives;
    }

    private static boolean isSetCookieValue(String directive) {
        if (directive.length() > MAXIMUM_DIRECTIVE_LENGTH || nameValuePair(directive).indexOf('=') < 0
                || cookieName(directive).isEmpty()) {
            return false;
        }
        for (int i = 0; i < directive.length(); i++) {
            char c = directive.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String nameValuePair(String directive) {
        int semicolon = directive.indexOf(';');
        return semicolon < 0 ? directive : directive.substring(0, semicolon);
    }
}
