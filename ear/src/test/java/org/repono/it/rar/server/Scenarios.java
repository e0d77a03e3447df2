package org.repono.it.rar.server;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resource adapter's full-stack tests drive their scenarios through this servlet (added to the EAR's web
 * module for the tests only, with a web fragment that leaves /rar-it/* open): each path runs one scenario in the
 * server and answers what it saw as JSON, for the test (a client) to judge.
 */
@WebServlet("/rar-it/*")
public class Scenarios extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    Writer writer;
    @EJB
    Manual manual;
    @EJB
    Committed committed;
    @EJB
    Messages messages;
    @EJB
    Load load;
    @EJB
    Defined defined;
    @EJB
    Large large;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            run(request.getPathInfo(), request, out);
        } catch (Exception e) {
            out.put("failed", describe(e));
        }
        JsonObjectBuilder json = Json.createObjectBuilder();
        out.forEach((k, v) -> {
            if (v instanceof Boolean b) {
                json.add(k, b);
            } else if (v instanceof Integer i) {
                json.add(k, i);
            } else if (v instanceof Long l) {
                json.add(k, l);
            } else if (v instanceof Number n) {
                json.add(k, n.doubleValue());
            } else {
                json.add(k, String.valueOf(v));
            }
        });
        response.setContentType("application/json");
        response.getWriter().write(json.build().toString());
    }

    private void run(String path, HttpServletRequest request, Map<String, Object> out) throws Exception {
        String name = request.getParameter("name");
        switch (String.valueOf(path)) {
            case "/put" -> writer.put(name);
            case "/put-then-fail" -> writer.putThenFail(name);
            case "/requires-new" -> {
                Map<String, Boolean> seen = new LinkedHashMap<>();
                try {
                    writer.putAroundRequiresNewThenFail(name, request.getParameter("inner"), seen);
                } catch (RuntimeException e) {
                    out.put("failed", describe(e));
                }
                out.putAll(seen);
            }
            case "/user-transaction" -> out.putAll(manual.userTransaction(name, flag(request, "commit")));
            case "/handle-before-begin" -> out.putAll(manual.handleOpenedBeforeBegin(name));
            case "/local" -> out.putAll(manual.localTransaction(name, request.getParameter("second"), flag(request, "commit")));
            case "/timeout" -> out.putAll(manual.timeout(name, request.getParameter("later"),
                    Integer.parseInt(request.getParameter("seconds"))));
            case "/after-close" -> out.put("error", manual.useAfterClose());
            case "/own-writes" -> out.putAll(writer.ownWritesInCountAndList(name, request.getParameter("gone")));
            case "/count" -> out.put("count", committed.count());
            case "/large-put" -> out.putAll(large.putAll(name, Integer.parseInt(request.getParameter("count")),
                    Integer.parseInt(request.getParameter("size"))));
            case "/large-verify" -> out.putAll(large.verify(name, request.getParameter("digests")));
            case "/large-release" -> {
                large.deleteAll(name, Integer.parseInt(request.getParameter("count")));
                out.putAll(large.compact());
            }
            case "/put-and-send" -> writer.putAndSend(name, request.getParameter("duplicateId"), flag(request, "alsoDefined"));
            case "/defined-contains" -> out.put("contains", committed.definedContains(name));
            case "/defined-in-doubt" -> out.put("inDoubt", committed.definedInDoubt());
            case "/contains" -> out.put("contains", committed.contains(name));
            case "/messages" -> out.put("messages", messages.count(name));
            case "/in-doubt" -> out.put("inDoubt", committed.inDoubt());
            case "/defined" -> out.putAll(defined.putAndDescribe(name));
            case "/through" -> out.putAll(defined.putAndDescribe(request.getParameter("jndi"), name));
            case "/load" -> out.putAll(load.run(name, Integer.parseInt(request.getParameter("clients")),
                    Integer.parseInt(request.getParameter("transactions")), Integer.parseInt(request.getParameter("size"))));
            case "/arm" -> {
                // the adapter's test-only crash switch works only when the server was started for it
                System.setProperty("repono.test.crashAt", request.getParameter("point"));
                out.put("crashPointsEnabled", Boolean.getBoolean("repono.test.crashPoints"));
            }
            case "/holding" -> out.put("holding", String.valueOf(System.getProperty("repono.test.holding")));
            default -> throw new IllegalArgumentException("no scenario " + path);
        }
        out.putIfAbsent("done", true);
    }

    private static boolean flag(HttpServletRequest request, String name) {
        return Boolean.parseBoolean(request.getParameter(name));
    }

    /** The exception and its causes, so that a test can name what failed. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }
}
