// A real ONVIF client (the npm package onvif, pinned in package-lock.json) against the appliance, run by
// OnvifIT from target/onvif-client. Prints one line "RESULT {json}" per step; exits 0 when it could run.
//   node onvif-client.js connect   ONVIF_HOST ONVIF_PORT ONVIF_SECURE ONVIF_USER ONVIF_PASSWORD [ONVIF_CA] [MOTION_SECONDS]
//   node onvif-client.js wrong     the same, with a wrong password: the refusal
//   node onvif-client.js probe     WS-Discovery: Discovery.probe on the network, what answers
//   node onvif-client.js listen    LISTEN_ADDRESS: prints "HEARD <action> <endpoint>" for each WS-Discovery
//                                  multicast (Hello, Bye) heard on the interface of that address, until killed
'use strict';
const fs = require('fs');
const { Cam, Discovery } = require('onvif');

const env = process.env;
const mode = process.argv[2];

function result(value) {
    console.log('RESULT ' + JSON.stringify(value));
}

function camera(password) {
    const secure = env.ONVIF_SECURE === 'true';
    return new Cam({
        hostname: env.ONVIF_HOST,
        port: Number(env.ONVIF_PORT),
        username: env.ONVIF_USER,
        password: password,
        useSecure: secure,
        // The device certificate, checked as an NVR given it would check it.
        secureOpts: env.ONVIF_CA ? { ca: fs.readFileSync(env.ONVIF_CA) } : {},
        timeout: 15000,
        autoconnect: false,
    });
}

function call(cam, method, ...args) {
    return new Promise((resolve) => {
        cam[method](...args, (err, data) => resolve(err ? { error: String(err.message || err) } : { data: data }));
    });
}

async function connect() {
    const cam = camera(env.ONVIF_PASSWORD);
    const connected = await call(cam, 'connect');
    if (connected.error) {
        result({ step: 'connect', error: connected.error });
        return 1;
    }
    const profiles = (cam.profiles || []).map((p) => ({
        token: p.$.token,
        name: p.name,
        encoding: p.videoEncoderConfiguration.encoding,
        width: p.videoEncoderConfiguration.resolution.width,
        height: p.videoEncoderConfiguration.resolution.height,
        source: p.videoSourceConfiguration.sourceToken,
    }));
    const information = await call(cam, 'getDeviceInformation');
    const stream = await call(cam, 'getStreamUri', { protocol: 'RTSP' });
    const snapshot = await call(cam, 'getSnapshotUri', {});
    result({
        step: 'connect',
        uri: Object.fromEntries(Object.entries(cam.uri || {}).map(([k, v]) => [k, v.href])),
        profiles: profiles,
        manufacturer: information.data ? information.data.manufacturer : information.error,
        streamUri: stream.data ? stream.data.uri : null,
        streamError: stream.error || null,
        snapshotUri: snapshot.data ? snapshot.data.uri : null,
        snapshotError: snapshot.error || null,
    });
    const seconds = Number(env.MOTION_SECONDS || 0);
    if (seconds <= 0) {
        return 0;
    }
    // Motion as an ONVIF event, through the library's PullPoint loop (CreatePullPointSubscription,
    // PullMessages, Renew).
    return new Promise((resolve) => {
        const seen = [];
        const timer = setTimeout(() => {
            result({ step: 'events', motion: false, seen: seen });
            resolve(0);
        }, seconds * 1000);
        cam.on('eventsError', (err) => console.log('events error: ' + (err.message || err)));
        cam.on('event', (message) => {
            const topic = message.topic && message.topic._ ? message.topic._ : String(message.topic);
            const inner = message.message && message.message.message ? message.message.message : {};
            const source = inner.source && inner.source.simpleItem ? inner.source.simpleItem.$.Value : null;
            const state = inner.data && inner.data.simpleItem ? inner.data.simpleItem.$.Value : null;
            const operation = inner.$ ? inner.$.PropertyOperation : null;
            seen.push({ topic, source, state, operation });
            console.log('event ' + JSON.stringify({ topic, source, state, operation }));
            if (topic.endsWith('VideoSource/MotionAlarm') && String(state) === 'true' && operation === 'Changed') {
                clearTimeout(timer);
                result({ step: 'events', motion: true, seen: seen });
                cam.removeAllListeners('event');
                // The library unsubscribes at its next turn; give it that turn.
                setTimeout(() => resolve(0), 200);
            }
        });
    });
}

async function wrong() {
    const cam = camera(env.ONVIF_PASSWORD + 'x');
    const connected = await call(cam, 'connect');
    const information = await call(cam, 'getDeviceInformation');
    const profiles = await call(cam, 'getProfiles');
    result({ step: 'wrong', connect: connected.error || 'connected', information: information.error || 'answered',
        profiles: profiles.error || 'answered' });
    return 0;
}

function probe() {
    return new Promise((resolve) => {
        Discovery.on('error', (err) => console.log('discovery error: ' + err));
        Discovery.probe({ resolve: false, timeout: Number(env.PROBE_MILLIS || 4000) }, (err, matches) => {
            result({
                step: 'probe',
                error: err ? String(err) : null,
                matches: (matches || []).map((m) => ({
                    address: m.probeMatches.probeMatch.endpointReference.address,
                    types: m.probeMatches.probeMatch.types,
                    xaddrs: m.probeMatches.probeMatch.XAddrs,
                    scopes: m.probeMatches.probeMatch.scopes,
                })),
            });
            resolve(0);
        });
    });
}

function listen() {
    return new Promise(() => {
        const socket = require('dgram').createSocket({ type: 'udp4', reuseAddr: true });
        socket.on('message', (message) => {
            const xml = message.toString();
            const action = (/<(?:\w+:)?Action[^>]*>[^<]*\/discovery\/(\w+)</.exec(xml) || [])[1];
            const endpoint = (/<(?:\w+:)?Address>(urn:uuid:[^<]+)</.exec(xml) || [])[1];
            console.log('HEARD ' + action + ' ' + endpoint);
        });
        socket.bind(3702, () => {
            socket.addMembership('239.255.255.250', env.LISTEN_ADDRESS);
            console.log('LISTENING');
        });
    });
}

const modes = { connect, wrong, probe, listen };
if (!modes[mode]) {
    console.error('mode: connect, wrong, probe or listen');
    process.exit(2);
}
modes[mode]().then((code) => process.exit(code), (err) => {
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(1);
});
