package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Properties;

import nightjar.mqtt.testing.FreePorts;

/**
 * The unpacked tarball as the RTSP tests start it: cameras front and back (synthetic), RTSPS and plain RTSP
 * on free ports, and the viewer {@value #VIEWER} with camera front only.
 */
record RtspAppliance(Appliance appliance, int tlsPort, int plainPort) {
    static final String VIEWER = "vic";
    static final String VIEWER_PASSWORD = "vic-password-12";

    /** Unpacks and starts it, and waits until both RTSP ports listen. */
    static RtspAppliance start(String name) throws Exception {
        Appliance appliance = Appliance.unpack(name);
        appliance.configure("nightjar.camera-back.cfg", "name", "Back", "source", "synthetic", "fps", "10");
        int tlsPort = FreePorts.next();
        int plainPort = FreePorts.next();
        appliance.configure("nightjar.rtsp.cfg", "tlsPort", Integer.toString(tlsPort), "plainEnabled", "true",
                "plainPort", Integer.toString(plainPort));
        appliance.start();
        appliance.awaitLogLine(line -> line.contains("RTSPS on port " + tlsPort), 30);
        appliance.awaitLogLine(line -> line.contains("Plain RTSP on port " + plainPort), 30);
        Commands.Result added = appliance.curl("/api/users", "-X", "POST", "-H", "Content-Type: application/json",
                "--data-binary", "{\"name\":\"" + VIEWER + "\",\"password\":\"" + VIEWER_PASSWORD
                        + "\",\"role\":\"viewer\",\"cameras\":[\"front\"]}");
        assertEquals("201", added.stdout(), added.stderr());
        return new RtspAppliance(appliance, tlsPort, plainPort);
    }

    /** The device credential as the appliance stored it: {@code username} and {@code secret}. */
    Properties deviceCredential() throws IOException {
        Properties credential = new Properties();
        try (InputStream in = Files.newInputStream(appliance.home().resolve("data/device-credential.properties"))) {
            credential.load(in);
        }
        return credential;
    }
}
