import io.carti.core.transport.s3.S3TestServer;
import java.nio.file.Path;

/** bench/publish-s3's S3 server: the tests' s3proxy on 127.0.0.1; prints the endpoint, runs until killed. */
public class S3BenchServer {
    public static void main(String[] args) throws Exception {
        S3TestServer server = S3TestServer.start(Path.of(args[0])).bucket(args[1]);
        System.out.println(server.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }
}
