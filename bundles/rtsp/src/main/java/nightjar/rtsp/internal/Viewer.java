package nightjar.rtsp.internal;

import java.util.Set;

/**
 * Who a request comes from, once authenticated: an account (a viewer sees its cameras, an admin all) or
 * the device credential (every camera).
 *
 * @param name for the log: the account's name, or "the device credential"
 */
record Viewer(String name, boolean allCameras, Set<String> cameras) {
    Viewer {
        cameras = Set.copyOf(cameras);
    }

    boolean mayView(String cameraId) {
        return allCameras || cameras.contains(cameraId);
    }
}
