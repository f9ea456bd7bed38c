package dev.qsweep.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/** Small Hadoop file system helpers shared by the writers. */
final class HadoopFiles {
    private static final String SPARK_HADOOP_PREFIX = "spark.hadoop.";

    private HadoopFiles() {
    }

    /**
     * Renames {@code source} to {@code target}, replacing it. Hadoop's rename refuses an existing target on most file
     * systems, so the old one is deleted first; readers may briefly see neither, never a partial file.
     */
    static void replace(FileSystem fs, Path source, Path target) throws IOException {
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(source, target)) {
            throw new IOException("could not rename " + source + " to " + target);
        }
    }

    /**
     * The Hadoop configuration of this JVM: defaults plus the {@code spark.hadoop.*} entries of the Spark conf, as
     * Spark builds it, so credentials for s3a: and the like given to spark-submit reach the trial writers.
     */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            for (Tuple2<String, String> entry : env.conf().getAll()) {
                if (entry._1().startsWith(SPARK_HADOOP_PREFIX)) {
                    conf.set(entry._1().substring(SPARK_HADOOP_PREFIX.length()), entry._2());
                }
            }
        }
        return conf;
    }

    /**
     * Creates {@code path} holding {@code bytes} only if it does not exist, and says whether it did. Atomic on local
     * disks (Hadoop's local create checks, then opens, so the JDK's CREATE_NEW is used there) and on HDFS; best effort
     * on object stores, which have no conditional create.
     */
    static boolean createNew(FileSystem fs, Path path, byte[] bytes) throws IOException {
        if (fs instanceof LocalFileSystem local) {
            try {
                Files.write(local.pathToFile(path).toPath(), bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream out = fs.create(path, false)) {
            out.write(bytes);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }
}
