{% autoescape off %}/* Tumbuh field app service worker {{ version }}: the shell, its scripts and the WHO tables are
 * precached; everything else (data, outbox) goes to the network. Scope: /lapangan/. */
importScripts({{ workbox_sw }});
workbox.setConfig({ debug: false, modulePathPrefix: {{ workbox_prefix }} });
workbox.core.setCacheNameDetails({ prefix: "tumbuh-field" });
workbox.core.clientsClaim();
self.skipWaiting();
workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute({{ precache }}, { ignoreURLParametersMatching: [/.*/] });
{% endautoescape %}
