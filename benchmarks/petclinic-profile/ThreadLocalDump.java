// Agent for jcmd JVMTI.agent_load: writes every request thread's ThreadLocalMap (size, stale entries, which
// thread-locals, by static field where one holds them) to the file named by its argument. Used by profile.sh.
import java.io.*;
import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.lang.reflect.*;
import java.util.*;

public class ThreadLocalDump {
	public static void agentmain(String args, Instrumentation inst) throws Exception {
		inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", Set.of(ThreadLocalDump.class.getModule())), Set.of(), Map.of());
		Map<Object, String> names = new IdentityHashMap<>();
		for (Class<?> c : inst.getAllLoadedClasses()) {
			try {
				for (Field f : c.getDeclaredFields()) {
					if (Modifier.isStatic(f.getModifiers()) && ThreadLocal.class.isAssignableFrom(f.getType())) {
						f.setAccessible(true);
						Object v = f.get(null);
						if (v != null) names.put(v, c.getName() + "." + f.getName());
					}
				}
			} catch (Throwable t) { }
		}
		Field tls = Thread.class.getDeclaredField("threadLocals"); tls.setAccessible(true);
		Field hashF = ThreadLocal.class.getDeclaredField("threadLocalHashCode"); hashF.setAccessible(true);
		Object opt = null;
		for (Map.Entry<Object, String> e : names.entrySet()) if (e.getValue().endsWith("Optimizations.status")) opt = e.getKey();
		try (PrintWriter out = new PrintWriter(new FileWriter(args))) {
			out.println("named static ThreadLocals: " + names.size());
			for (Thread t : Thread.getAllStackTraces().keySet()) {
				if (!t.getName().contains("exec")) continue;
				Object map = tls.get(t);
				if (map == null) { out.println(t.getName() + " no map"); continue; }
				Field tableF = map.getClass().getDeclaredField("table"); tableF.setAccessible(true);
				Field sizeF = map.getClass().getDeclaredField("size"); sizeF.setAccessible(true);
				Object[] table = (Object[]) tableF.get(map);
				int len = table.length, stale = 0, live = 0;
				StringBuilder sb = new StringBuilder();
				for (int i = 0; i < len; i++) {
					Object e = table[i];
					if (e == null) { sb.append('.'); continue; }
					Object key = ((WeakReference<?>) e).get();
					if (key == null) { stale++; sb.append('x'); continue; }
					live++; sb.append('o');
				}
				out.printf("%s len=%d size=%d live=%d stale=%d slots=%s%n", t.getName(), len, sizeF.get(map), live, stale, sb);
				if (opt != null) {
					int home = ((Integer) hashF.get(opt)) & (len - 1), run = 0;
					while (run < len && table[(home + run) & (len - 1)] != null) run++;
					out.printf("   Optimizations.status home slot %d, occupied run from home %d%n", home, run);
				}
				for (int i = 0; i < len; i++) {
					Object e = table[i];
					if (e == null) continue;
					Object key = ((WeakReference<?>) e).get();
					Field vf = e.getClass().getDeclaredField("value"); vf.setAccessible(true);
					Object v = vf.get(e);
					String kn = key == null ? "(stale)" : names.getOrDefault(key, key.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(key)));
					int home = key == null ? -1 : ((Integer) hashF.get(key)) & (len - 1);
					out.printf("   [%2d] home %2d %s = %s%n", i, home, kn, v == null ? "null" : v.getClass().getName());
				}
			}
		}
	}
}
