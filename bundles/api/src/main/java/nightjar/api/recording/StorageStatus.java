package nightjar.api.recording;

/**
 * The file system that holds the recordings.
 *
 * @param directory the recordings directory
 * @param freeBytes bytes free for the recorder
 * @param totalBytes size of the file system
 * @param usedBytes bytes taken by recordings
 * @param low whether recording is held back because free space is below the floor
 */
public record StorageStatus(String directory, long freeBytes, long totalBytes, long usedBytes, boolean low) {
}
